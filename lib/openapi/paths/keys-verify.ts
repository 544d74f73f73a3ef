import { verifyKeyInvalidSchema, verifyKeyRequestSchema, verifyKeyValidSchema } from "@/lib/validations/api/keys-verify";
import { verifyKeyExample } from "../examples";
import { z } from "zod";
import { component, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

export function registerKeyVerifyPaths(registry: OpenAPIRegistry) {
  const VerifyKeyRequest = component("VerifyKeyRequest", verifyKeyRequestSchema);
  const VerifyKeyValid = component("VerifyKeyValid", verifyKeyValidSchema);
  const VerifyKeyInvalid = component("VerifyKeyInvalid", verifyKeyInvalidSchema);
  const schema = z.union([VerifyKeyValid, VerifyKeyInvalid]);
  const examples = {
    valid: {
      value: {
        valid: true,
        code: "valid",
        key_id: "key_4eC39HqLyjWDarjtT1zd",
        merchant: "mer_9fK2mQ7vL4sT8wN1cR6y",
        type: "restricted",
        environment: "live",
        permissions: ["charges:write"],
        expires_at: null,
        rate_limit: { limit: 300, remaining: 299, reset: 60 },
      },
    },
    not_found: { value: { valid: false, code: "not_found" } },
  };
  const verdict = {
    ...jsonResponse(
      "The verdict: the key's merchant, type, permissions and remaining rate limit, or why it is refused. The RateLimit-* headers describe the verifier token's own budget (KEYWARD_RATE_LIMIT_PER_VERIFIER).",
      schema,
    ),
    content: { "application/json": { schema, examples } },
  };
  registry.registerPath({
    method: "post",
    path: "/api/v1/keys/verify",
    operationId: "verifyKey",
    tags: ["Gateway"],
    summary: "Verify a key for a gateway",
    description:
      "For the operator's own services (the payment API's servers), authenticated by a verifier token from `KEYWARD_VERIFIER_TOKENS` (`npm run keys -- verifier-token`), never by an API key. Answers 200 whether the key is valid or not, so the caller decides: `valid: false` with `not_found` for an unknown, revoked, disabled or expired key alike, `forbidden_ip` outside the key's allowlist, `insufficient_permissions` when a requested permission is missing, `rate_limited` when the key's rate limit is spent. Counts as a use of the key exactly like a direct call: last use, the end client's IP (`ip`), usage history and the key's rate limit.",
    security: [{ verifierToken: [] }],
    request: {
      body: {
        required: true,
        content: { "application/json": { schema: VerifyKeyRequest, example: verifyKeyExample } },
      },
    },
    responses: {
      200: verdict,
      ...problemResponses(400, 401, 413, 415, 422, 429),
    },
    "x-codeSamples": [
      {
        lang: "Shell",
        label: "curl",
        source: [
          `curl -X POST "$KEYWARD_URL/api/v1/keys/verify"`,
          `  -H "Authorization: Bearer $KEYWARD_VERIFIER_TOKEN"`,
          `  -H "Content-Type: application/json"`,
          `  -d '${JSON.stringify(verifyKeyExample)}'`,
        ].join(" \\\n"),
      },
    ],
  });
}
