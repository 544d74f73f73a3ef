import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { FormAlert } from "@/components/ui/form-alert";
import { When } from "@/components/ui/when";
import { requireMerchantActor } from "@/lib/auth/session";
import { describeAuditEvent } from "@/lib/audit/describe";
import { filtersToSearch, parseAuditFilters, type AuditFilters } from "@/lib/audit/filters";
import { auditActorOptions, listAuditEvents, resolveAuditNames, type AuditEventView } from "@/lib/audit/query";
import type { AuditNames } from "@/lib/audit/changes";
import { now as clockNow } from "@/lib/clock";
import { isServiceError } from "@/lib/errors";
import { closeExpiredImpersonations } from "@/lib/impersonation/service";
import { AuditFilterForm } from "./_components/audit-filters";
import { ChangesSummary } from "./_components/changes-summary";
import { EventDetails } from "./_components/event-details";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

function ActorBadge({ type }: { type: string }) {
  if (type === "staff") return <Badge tone="amber">Keyward support</Badge>;
  if (type === "api_key") return <Badge>API key</Badge>;
  if (type === "system") return <Badge>Automatic</Badge>;
  return null;
}

function EventRow({ e, names, filters, now }: { e: AuditEventView; names: AuditNames; filters: AuditFilters; now: Date }) {
  const sentence = describeAuditEvent(e, names);
  // The reason is part of some sentences (support access started); elsewhere it gets its own line.
  const reason = e.reason && !sentence.includes(e.reason) ? e.reason : null;
  return (
    <tr data-event-id={e.id} data-action={e.action}>
      <td className="whitespace-nowrap px-4 py-3 text-xs text-slate-600 sm:w-32" data-label="When">
        <When date={e.createdAt} now={now} />
      </td>
      <td className="min-w-0 px-4 py-3" data-label="Event">
        <p className="text-sm text-slate-900 [overflow-wrap:anywhere]">
          {sentence}
          {e.actorType !== "user" && (
            <>
              {" "}
              <ActorBadge type={e.actorType} />
            </>
          )}
        </p>
        {reason && (
          <p className="mt-1 text-xs text-amber-800 [overflow-wrap:anywhere]">
            <span className="font-medium">Reason:</span> {reason}
          </p>
        )}
        <ChangesSummary action={e.action} changes={e.changes} names={names} />
        <EventDetails event={e} targetHref={`/audit${filtersToSearch({ ...filters, target: e.targetId })}`} />
      </td>
      <td className="px-4 py-3 font-mono text-xs text-slate-600 [overflow-wrap:anywhere] sm:w-44" data-label="IP address">
        {e.ip ?? <span className="font-sans text-slate-500">—</span>}
      </td>
    </tr>
  );
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireMerchantActor();
  // Impersonations that ran out show their end in this log.
  await closeExpiredImpersonations({ merchantId: actor.merchantId });
  const { filters, startingAfter, query, error: filterError } = parseAuditFilters(await searchParams);

  let events: AuditEventView[] = [];
  let nextCursor: string | null = null;
  let error = filterError;
  if (!error) {
    try {
      const page = await listAuditEvents(actor, { ...query, limit: PAGE_SIZE, ...(startingAfter ? { startingAfter } : {}) });
      events = page.items;
      nextCursor = page.nextCursor;
    } catch (err) {
      if (!isServiceError(err)) throw err;
      error = err.fieldErrors ? Object.values(err.fieldErrors).flat().join("; ") : err.message;
    }
  }
  // Names for the whole page at once: one lookup per kind of object, not one per row.
  const [names, actors] = await Promise.all([resolveAuditNames(actor.merchantId, events), auditActorOptions(actor)]);
  const filtered = Object.values(filters).some(Boolean);
  const now = clockNow();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">
            Every change to keys, applications, credentials and the team, and every time Keyward support accessed this account. Newest
            first; hover over a time to see the exact moment.
          </p>
        </div>
        <a
          href={`/audit/export${filtersToSearch(filters)}`}
          className="inline-flex h-9 items-center gap-1.5 rounded-md bg-white px-3.5 text-sm font-medium text-slate-800 shadow-sm ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          download
        >
          <Download className="h-4 w-4" aria-hidden />
          Export CSV
        </a>
      </div>

      <AuditFilterForm filters={filters} actors={actors} filtered={filtered} />

      {error ? (
        <FormAlert>{error}</FormAlert>
      ) : events.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center text-sm text-slate-600">
          {filtered || startingAfter ? "No events match these filters." : "No events yet. Changes to keys, applications and the team appear here."}
        </div>
      ) : (
        <DataTable columns={["When", "Event", "IP address"]} caption="Audit events, newest first" bodyClassName="align-top">
          {events.map((e) => (
            <EventRow key={e.id} e={e} names={names} filters={filters} now={now} />
          ))}
        </DataTable>
      )}

      <nav aria-label="Pagination" className="flex justify-between text-sm">
        {startingAfter ? (
          <Link href={`/audit${filtersToSearch(filters)}`} className="text-indigo-700 underline">
            ← Newest events
          </Link>
        ) : (
          <span />
        )}
        {nextCursor && (
          <Link href={`/audit${filtersToSearch(filters, { startingAfter: nextCursor })}`} className="text-indigo-700 underline">
            Older events →
          </Link>
        )}
      </nav>
    </div>
  );
}
