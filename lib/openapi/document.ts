import { OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import { createRegistry } from "./registry";
import { registerApiKeyPaths } from "./paths/api-keys";
import { registerApplicationPaths } from "./paths/applications";
import { registerAuditEventPaths } from "./paths/audit-events";
import { registerLeakedKeyPaths } from "./paths/leaked-keys";
import { registerKeyVerifyPaths } from "./paths/keys-verify";
import { registerMetaPaths } from "./paths/meta";
import { registerWebhookEndpointPaths } from "./paths/webhook-endpoints";
import { registerNotificationPaths } from "./paths/notifications";

const DESCRIPTION = `Manage a merchant's API keys from scripts: create, list, update, roll, refresh, disable and revoke keys, read their usage, notifications and the audit log, and manage webhook endpoints.

**Authentication.** Send a secret or restricted key in \`Authorization: Bearer <key>\`, \`X-API-Key\` or \`api-key\`. Publishable keys are refused (403). Each endpoint needs a permission such as \`api_keys:read\` or \`api_keys:write\`; an id of another merchant answers 404, exactly like one that does not exist.

**Errors** are RFC 9457 \`application/problem+json\` objects with \`type\`, \`title\`, \`status\`, \`detail\` and, for validation errors, \`errors\` (the fields at fault). Unknown fields are rejected. Bodies are JSON, at most 64 KiB.

**Rate limits** apply per key and per client IP (failed authentications cost the IP more). Every response carries \`RateLimit-Limit\`, \`RateLimit-Remaining\` and \`RateLimit-Reset\`; a 429 adds \`Retry-After\`.

**Idempotency.** Send \`Idempotency-Key\` on a POST to retry it safely for 24 hours: the same key and body replay the first response without doing the work again, with \`secret\` (and \`refresh_token\`) set to null and \`secret_already_returned: true\`; a different body is a 422.

**Timestamps** are Unix seconds. In the examples, set \`KEYWARD_URL\` (e.g. http://localhost:3000) and \`KEYWARD_API_KEY\`.`;

let cached: ReturnType<OpenApiGeneratorV31["generateDocument"]> | null = null;

/** The OpenAPI 3.1 document, generated from the zod schemas that validate the requests. */
export function buildOpenApiDocument() {
  if (cached) return cached;
  const registry = createRegistry();
  registerApiKeyPaths(registry);
  registerAuditEventPaths(registry);
  registerNotificationPaths(registry);
  registerApplicationPaths(registry);
  registerMetaPaths(registry);
  registerLeakedKeyPaths(registry);
  registerKeyVerifyPaths(registry);
  registerWebhookEndpointPaths(registry);
  cached = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: { title: "Keyward API", version: "1.0.0", description: DESCRIPTION },
    // The document is served by the instance it describes: one server, the
    // same origin, in whatever environment (local, staging, production) it runs.
    servers: [{ url: "/", description: "This Keyward instance (local, staging or production: the one serving this document)", "x-internal": false }],
    tags: [
      { name: "API keys", description: "Create, list, update, roll, refresh and revoke keys" },
      { name: "Audit events", description: "What happened to the merchant's keys, and who did it" },
      { name: "Notifications", description: "Suggestions and alerts about the merchant's keys, as the dashboard shows them" },
      { name: "Meta", description: "The presented key, and this document" },
      { name: "Secret scanning", description: "For secret scanners: report Keyward keys found in public" },
      { name: "Gateway", description: "For the operator's own services: verify the keys their clients present" },
      { name: "Webhooks", description: "Endpoints that receive the merchant's events, signed per Standard Webhooks, and their delivery log" },
    ],
  });
  return cached;
}
