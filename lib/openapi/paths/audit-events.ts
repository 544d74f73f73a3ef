import { auditEventList, listAuditEventsQuery } from "@/lib/validations/api/audit-events";
import { KEY_SECURITY, component, curlSample, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

export function registerAuditEventPaths(registry: OpenAPIRegistry) {
  const AuditEventList = component("AuditEventList", auditEventList);
  registry.registerPath({
    method: "get",
    path: "/api/v1/audit-events",
    operationId: "listAuditEvents",
    tags: ["Audit events"],
    summary: "List audit events",
    description:
      "The merchant's audit events, newest first, with cursor pagination. A key with `audit_events:read` sees every event; a key with only `api_keys:read` sees the key events (`api_key.*`).",
    security: KEY_SECURITY,
    request: { query: listAuditEventsQuery },
    responses: { 200: jsonResponse("A page of events", AuditEventList), ...problemResponses(401, 403, 404, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: "/api/v1/audit-events?limit=20&action=api_key." }),
  });
}
