import { merchantRoute } from "@/lib/actions/merchant-action";
import { listAuditEvents, resolveAuditNames, type AuditEventView } from "@/lib/audit/query";
import { auditCsv } from "@/lib/audit/csv";
import { parseAuditFilters } from "@/lib/audit/filters";

/** The most events one export returns; narrower filters export the rest. */
const MAX_EXPORT_ROWS = 10_000;

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
}

/** CSV export of the merchant's audit log with the page's filters. merchantRoute resolves the session here. */
export const GET = merchantRoute(async (actor, request: Request) => {
  const { query, error } = parseAuditFilters(Object.fromEntries(new URL(request.url).searchParams));
  if (error) return plain(400, error);

  const events: AuditEventView[] = [];
  let cursor: string | undefined;
  let truncated = false;
  for (;;) {
    const page = await listAuditEvents(actor, { ...query, limit: 100, ...(cursor ? { startingAfter: cursor } : {}) });
    events.push(...page.items);
    if (!page.hasMore || !page.nextCursor) break;
    if (events.length >= MAX_EXPORT_ROWS) {
      truncated = true;
      break;
    }
    cursor = page.nextCursor;
  }

  const rows = events.slice(0, MAX_EXPORT_ROWS);
  // Names for the summary column: one batched lookup per kind of object for the whole export.
  const names = await resolveAuditNames(actor.merchantId, rows);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(auditCsv(rows, names), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${day}.csv"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
      ...(truncated ? { "x-keyward-truncated": "true" } : {}),
    },
  });
}, plain);
