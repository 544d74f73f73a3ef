import { leakReportBatch, leakReportResults } from "@/lib/validations/leaked-keys";
import { leakReportExample } from "../examples";
import { component, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

export const LEAKED_KEYS_TAG = "Secret scanning";

export function registerLeakedKeyPaths(registry: OpenAPIRegistry) {
  registry.registerComponent("securitySchemes", "scannerSignature", {
    type: "apiKey",
    in: "header",
    name: "Keyward-Signature",
    description:
      "`t=<unix seconds>,v1=<hex>`: HMAC-SHA-256 of `<t>.<raw body>` under the scanner's secret from `KEYWARD_SCANNER_SECRETS`; at most 5 minutes old.",
  });
  const LeakReportResults = component("LeakReportResults", leakReportResults);
  const problems = problemResponses(400, 401, 413, 415, 422, 429, 503);
  problems[401] = { ...problems[401]!, description: "Keyward-Signature missing, malformed, stale or not matching any scanner secret" };
  problems[422] = { ...problems[422]!, description: "Not an array of 1 to 100 reports, or a report's fields are invalid (`errors` lists them)" };
  problems[503] = { ...problems[503]!, description: "This server has no scanner secret configured, so it accepts no reports" };
  registry.registerPath({
    method: "post",
    path: "/api/v1/leaked-keys",
    operationId: "reportLeakedKeys",
    tags: [LEAKED_KEYS_TAG],
    summary: "Report leaked keys (for secret scanners)",
    description:
      "For secret scanners (GitHub secret-scanning partner format), not for merchants: no API key, the body is signed with the scanner's secret. Up to 100 reports. Live secret and restricted keys are revoked at once and the merchant's audit log records `api_key.leak_reported_revoked` with the URL; publishable keys are public by design: recorded (`api_key.leak_reported`), not revoked. Reporting a key again changes nothing. Tokens are never echoed: each result carries the token's SHA-256. Answers 503 when the server has no scanner secret configured. See docs/secret-scanning.md.",
    security: [{ scannerSignature: [] }],
    request: { body: { required: true, content: { "application/json": { schema: leakReportBatch, example: leakReportExample } } } },
    responses: {
      200: jsonResponse("One result per report, in order", LeakReportResults),
      ...problems,
    },
    "x-codeSamples": [
      {
        lang: "Shell",
        label: "curl",
        source: [
          `BODY='${JSON.stringify(leakReportExample)}'`,
          `T=$(date +%s)`,
          `SIG=$(printf '%s.%s' "$T" "$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$(echo "$SCANNER_SECRET_BASE64" | base64 -d | xxd -p -c 256)" | sed 's/^.* //')`,
          `curl -X POST "$KEYWARD_URL/api/v1/leaked-keys" \\`,
          `  -H "Content-Type: application/json" \\`,
          `  -H "Keyward-Signature: t=$T,v1=$SIG" \\`,
          `  -d "$BODY"`,
        ].join("\n"),
      },
    ],
  });
}
