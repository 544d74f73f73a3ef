import { listAuditEvents } from "@/lib/audit/query";
import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { listAuditEventsQuery, serializeAuditEvent, toAuditQuery } from "@/lib/validations/api/audit-events";

export const dynamic = "force-dynamic";

/**
 * The merchant's audit events, newest first. What a key may see (its own
 * environment; with only api_keys:read, the key events) is decided by the
 * audit-log service, not here.
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
    const page = await listAuditEvents(actor, toAuditQuery(query));
    return Response.json({
      object: "list",
      data: page.items.map(serializeAuditEvent),
      has_more: page.hasMore,
      next_cursor: page.nextCursor,
    });
  },
);
