import { OpenAPIRegistry, extendZodWithOpenApi } from "@asteasolutions/zod-to-openapi";
import type { ResponseConfig, RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import { PROBLEM_TITLES } from "@/lib/http/problem";
import { problemSchema } from "@/lib/validations/api/common";

extendZodWithOpenApi(z);

export { OpenAPIRegistry };

/**
 * A fresh registry with what every feature shares: security schemes, the
 * Problem component. Each feature adds its paths in lib/openapi/paths/<feature>.ts
 * through a `register...Paths(registry)` function that document.ts calls.
 */
export function createRegistry() {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "A secret or restricted key: `Authorization: Bearer sk_test_…`. Publishable keys are refused with 403.",
  });
  registry.registerComponent("securitySchemes", "apiKeyHeader", {
    type: "apiKey",
    in: "header",
    name: "X-API-Key",
    description: "The same key in X-API-Key (or api-key) instead of Authorization.",
  });
  registry.registerComponent("securitySchemes", "verifierToken", {
    type: "http",
    scheme: "bearer",
    description: "For POST /api/v1/keys/verify only: a verifier token configured by the operator (`Authorization: Bearer kwv_…`). API keys are refused there.",
  });
  return registry;
}

/**
 * Names a schema as a component (#/components/schemas/<name>). Zod's own
 * metadata is used rather than registry.register(), which needs schemas
 * created after extendZodWithOpenApi ran.
 */
export function component<T extends z.ZodType>(name: string, schema: T): T {
  return schema.meta({ id: name }) as T;
}

const Problem = component("Problem", problemSchema);

/** Either scheme authenticates. */
export const KEY_SECURITY: RouteConfig["security"] = [{ bearerAuth: [] }, { apiKeyHeader: [] }];

/** A non-negative int32 header value (counts and seconds). */
const countSchema = { type: "integer" as const, format: "int32", minimum: 0, maximum: 2_147_483_647 };

const RATE_LIMIT_HEADERS = {
  "RateLimit-Limit": { description: "Requests allowed per window", schema: countSchema },
  "RateLimit-Remaining": { description: "Requests left in the current window", schema: countSchema },
  "RateLimit-Reset": { description: "Seconds until the window resets", schema: countSchema },
};

const PROBLEM_DESCRIPTIONS: Record<number, string> = {
  400: "Malformed JSON or a malformed Idempotency-Key",
  401: "No key, or an invalid, expired or revoked one",
  403: "The key is publishable, lacks the permission, or was used from an IP address outside its allowlist",
  404: "No such object for this merchant (objects of other merchants are not found either)",
  409: "Conflict with the object's state, or the same Idempotency-Key still in progress",
  413: "Request body larger than 64 KiB",
  415: "Request body not sent as application/json",
  422: "Validation failed (`errors` lists the fields), or an Idempotency-Key reused with a different body",
  429: "Rate limited: wait for Retry-After seconds",
  500: "Unexpected failure on the server; nothing was changed, and the problem reveals no details",
};

/** A JSON success response with the RateLimit-* headers. */
export function jsonResponse(description: string, schema: z.ZodType, extraHeaders: Record<string, unknown> = {}): ResponseConfig {
  return {
    description,
    headers: { ...RATE_LIMIT_HEADERS, ...extraHeaders } as ResponseConfig["headers"],
    content: { "application/json": { schema } },
  };
}

/** problem+json responses for the given statuses, and the 500 any operation may answer. */
export function problemResponses(...statuses: number[]): Record<number, ResponseConfig> {
  const out: Record<number, ResponseConfig> = {};
  for (const status of [...new Set([...statuses, 500])]) {
    const headers: Record<string, unknown> = { ...RATE_LIMIT_HEADERS };
    if (status === 429) headers["Retry-After"] = { description: "Seconds to wait", schema: { ...countSchema, minimum: 1 } };
    out[status] = {
      description: PROBLEM_DESCRIPTIONS[status] ?? PROBLEM_TITLES[status]?.[1] ?? "Error",
      headers: headers as ResponseConfig["headers"],
      content: { "application/problem+json": { schema: Problem } },
    };
  }
  return out;
}

/** The Idempotency-Key request header, accepted by every POST. */
export const idempotencyHeaders = z.object({
  "Idempotency-Key": z
    .string()
    .max(255)
    .optional()
    .openapi({
      description:
        "Any unique string (e.g. a UUID). Within 24 hours, the same key with the same body returns the first response (status and body, with `secret` null and `secret_already_returned: true`) without doing the work again; with a different body it is a 422.",
      example: "7f3c2b8e-1f4a-4c1e-9a55-2d3b1c0e9f10",
    }),
});

type CurlInput = { method: string; path: string; body?: unknown; auth?: boolean; idempotent?: boolean };

/** A copyable curl example, as an x-codeSamples entry. */
export function curlSample({ method, path, body, auth = true, idempotent = false }: CurlInput) {
  const lines = [`curl -X ${method} "$KEYWARD_URL${path}"`];
  if (auth) lines.push(`  -H "Authorization: Bearer $KEYWARD_API_KEY"`);
  if (idempotent) lines.push(`  -H "Idempotency-Key: $(uuidgen)"`);
  if (body !== undefined) {
    lines.push(`  -H "Content-Type: application/json"`);
    lines.push(`  -d '${JSON.stringify(body)}'`);
  }
  return [{ lang: "Shell", label: "curl", source: lines.join(" \\\n") }];
}
