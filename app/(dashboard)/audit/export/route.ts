import { resolveMerchantActor } from "@/lib/auth/session";
import { listAuditEvents, type AuditEventView } from "@/lib/audit-log";
import { isServiceError } from "@/lib/errors";
import { auditCsv } from "../csv";
import { parseAuditFilters } from "../filters";

/** The most events one export returns; narrower filters export the rest. */
const MAX_EXPORT_ROWS = 10_000;

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** CSV export of the merchant's audit log with the page's filters. Route handlers check the session themselves. */
export async function GET(request: Request): Promise<Response> {
  const resolved = await resolveMerchantActor();
  if (!resolved.ok) return plain(401, "Sign in to export the audit log.");
  const { query, error } = parseAuditFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (error) return plain(400, error);

  const events: AuditEventView[] = [];
  let cursor: string | undefined;
  let truncated = false;
  try {
    for (;;) {
      const page = await listAuditEvents(resolved.actor, { ...query, limit: 100, ...(cursor ? { startingAfter: cursor } : {}) });
      events.push(...page.items);
      if (!page.hasMore || !page.nextCursor) break;
      if (events.length >= MAX_EXPORT_ROWS) {
        truncated = true;
        break;
      }
      cursor = page.nextCursor;
    }
  } catch (err) {
    if (isServiceError(err)) return plain(400, err.message);
    throw err;
  }

  const day = new Date().toISOString().slice(0, 10);
  return new Response(auditCsv(events.slice(0, MAX_EXPORT_ROWS)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...(truncated ? { "x-keyward-truncated": "true" } : {}),
    },
  });
}
