import { listAuditEvents } from "@/lib/audit-log";
import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { hasScope } from "@/lib/permissions";
import { listAuditEventsQuery, serializeAuditEvent, toAuditQuery } from "@/lib/validations/api/audit-events";

export const dynamic = "force-dynamic";

/**
 * The merchant's audit events, newest first. A key with audit_events:read sees
 * them all; one with only api_keys:read sees the key events (api_key.*).
 */
export const GET = apiRoute(
  {
    scope: [
      ["audit_events", "read"],
      ["api_keys", "read"],
    ],
  },
  async ({ actor, request }) => {
    const query = validate(listAuditEventsQuery, queryObject(request));
    const fullLog = hasScope(actor.scopes, "audit_events", "read");
    const serviceQuery = toAuditQuery(query, fullLog ? undefined : "api_key.");
    if (!serviceQuery) return Response.json({ object: "list", data: [], has_more: false, next_cursor: null });
    const page = await listAuditEvents(actor, serviceQuery);
    return Response.json({
      object: "list",
      data: page.items.map(serializeAuditEvent),
      has_more: page.hasMore,
      next_cursor: page.nextCursor,
    });
  },
);
