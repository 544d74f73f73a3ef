import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { requireMerchantActor } from "@/lib/auth/session";
import { listAuditEvents, type AuditEventView } from "@/lib/audit-log";
import { isServiceError } from "@/lib/errors";
import { closeExpiredImpersonations } from "@/lib/impersonation/service";
import { ChangesSummary } from "./_components/changes-summary";
import { filtersToSearch, parseAuditFilters } from "./filters";
import { FormAlert } from "@/components/ui/form-alert";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Audit log" };

const PAGE_SIZE = 50;

const KNOWN_ACTIONS = [
  "api_key.",
  "api_key.created",
  "api_key.updated",
  "api_key.rolled",
  "api_key.revoked",
  "api_key.disabled",
  "api_key.enabled",
  "api_key.grace_period_ended",
  "api_key.secret_revealed",
  "api_key.refresh_token_reused",
  "api_key.leak_reported_revoked",
  "api_key.leak_reported",
  "api_key.used_from_new_ip",
  "application.",
  "credential.",
  "team.",
  "team.invite_created",
  "team.invite_accepted",
  "team.role_changed",
  "team.member_removed",
  "impersonation.",
  "impersonation.started",
  "impersonation.ended",
  "impersonation.expired",
];

/** Plain words for the events a merchant most needs to notice. */
const DESCRIPTIONS: Record<string, string> = {
  "impersonation.started": "Keyward support started accessing this account",
  "impersonation.ended": "Keyward support access ended",
  "impersonation.expired": "Keyward support access expired",
  "api_key.leak_reported_revoked": "A secret scanner found this key in public; Keyward revoked it",
  "api_key.leak_reported": "A secret scanner found this publishable key in public",
  "api_key.refresh_token_reused": "A spent refresh token was presented again; the whole chain was revoked",
  "api_key.used_from_new_ip": "This key was used from an IP address it had not been used from before",
};

function ActorCell({ e }: { e: AuditEventView }) {
  return (
    <div className="space-y-0.5">
      <div className="font-medium">{e.actorLabel}</div>
      {e.actorType === "staff" && <Badge tone="amber">Keyward support</Badge>}
      {e.actorType === "api_key" && <Badge>API key</Badge>}
      {e.actorType === "system" && <Badge>System</Badge>}
    </div>
  );
}

function FilterField({ label, name, value, type = "text", list }: { label: string; name: string; value: string; type?: string; list?: string }) {
  const id = `audit-filter-${name}`;
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      <Input id={id} name={name} type={type} defaultValue={value} list={list} className="w-44" />
    </div>
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
  const filtered = Object.values(filters).some(Boolean);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Audit log</h1>
          <p className="mt-1 text-sm text-slate-600">
            Every change to keys, applications, credentials and the team, and every time Keyward support accessed this account.
            Newest first; times in UTC.
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

      <form action="/audit" className="flex flex-wrap items-end gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" aria-label="Filter events">
        <FilterField label="Action" name="action" value={filters.action} list="audit-actions" />
        <datalist id="audit-actions">
          {KNOWN_ACTIONS.map((a) => (
            <option key={a} value={a} />
          ))}
        </datalist>
        <FilterField label="Actor (name, email or id)" name="actor" value={filters.actor} />
        <FilterField label="Target id" name="target" value={filters.target} />
        <FilterField label="From" name="from" type="date" value={filters.from} />
        <FilterField label="To" name="to" type="date" value={filters.to} />
        <Button type="submit">Apply filters</Button>
        {filtered && (
          <Link href="/audit" className="self-center text-sm text-indigo-700 underline">
            Clear filters
          </Link>
        )}
      </form>

      {error ? (
        <FormAlert>
          {error}
        </FormAlert>
      ) : events.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center text-sm text-slate-600">
          {filtered || startingAfter ? "No events match these filters." : "No events yet. Changes to keys, applications and the team appear here."}
        </div>
      ) : (
        <DataTable columns={["When (UTC)", "Actor", "Action", "Target", "Changes", "Reason", "IP"]} caption="Audit events, newest first" bodyClassName="align-top">
              {events.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap px-4 py-2 font-mono text-xs" data-label="When (UTC)">
                    <time dateTime={e.createdAt.toISOString()}>
                      {e.createdAt.toISOString().slice(0, 10)} <span className="block sm:inline lg:block">{e.createdAt.toISOString().slice(11, 19)}</span>
                    </time>
                  </td>
                  <td className="px-4 py-2" data-label="Actor">
                    <ActorCell e={e} />
                  </td>
                  <td className="px-4 py-2" data-label="Action">
                    <div className="font-mono text-xs">{e.action}</div>
                    {DESCRIPTIONS[e.action] && <div className="mt-0.5 text-xs text-amber-800">{DESCRIPTIONS[e.action]}</div>}
                  </td>
                  <td className="max-w-[11rem] break-all px-4 py-2" data-label="Target">
                    <div className="text-xs text-slate-500">{e.targetType}</div>
                    <Link
                      href={`/audit${filtersToSearch({ ...filters, target: e.targetId })}`}
                      className="font-mono text-xs text-indigo-700 hover:underline"
                      title="Show only events for this target"
                    >
                      {e.targetId}
                    </Link>
                  </td>
                  <td className="min-w-52 max-w-xs px-4 py-2 text-xs" data-label="Changes">
                    <ChangesSummary action={e.action} changes={e.changes} />
                  </td>
                  <td className="max-w-[10rem] px-4 py-2 text-xs" data-label="Reason">{e.reason ?? <span className="text-slate-500">—</span>}</td>
                  <td className="px-4 py-2 font-mono text-xs text-slate-600" data-label="IP" title={e.userAgent ?? undefined}>
                    {e.ip ?? "—"}
                  </td>
                </tr>
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
