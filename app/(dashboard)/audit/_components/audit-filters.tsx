import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { AUDIT_ACTION_GROUPS, actionLabel } from "@/lib/audit/describe";
import type { AuditFilters } from "@/lib/audit/filters";
import type { AuditActorOption } from "@/lib/audit/query";

function Labelled({ id, label, wide = false, children }: { id: string; label: string; wide?: boolean; children: React.ReactNode }) {
  return (
    <div className={wide ? "col-span-2 min-w-0 space-y-1 sm:col-span-1" : "min-w-0 space-y-1"}>
      <label htmlFor={id} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
    </div>
  );
}

/**
 * The log's filters as a plain GET form, so a filtered view is a link. The
 * pick-lists hold what the URL reads: an action or a group's prefix, a
 * member's user id or type:KIND. A value from a link that the lists do not
 * offer (an older link, the API's free text) is kept as an extra choice.
 */
export function AuditFilterForm({ filters, actors, filtered }: { filters: AuditFilters; actors: AuditActorOption[]; filtered: boolean }) {
  const knownActions = new Set<string>(AUDIT_ACTION_GROUPS.flatMap((g) => [g.prefix, ...g.actions.map(([a]) => a)]));
  const knownActors = new Set(actors.map((a) => a.value));
  return (
    <form
      action="/audit"
      className="grid grid-cols-2 gap-3 rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 lg:grid-cols-[minmax(0,1.2fr)_minmax(0,1fr)_minmax(0,1fr)_9.5rem_9.5rem_auto]"
      aria-label="Filter events"
    >
      <Labelled id="audit-filter-action" label="Action" wide>
        <Select id="audit-filter-action" name="action" defaultValue={filters.action}>
          <option value="">All actions</option>
          {filters.action && !knownActions.has(filters.action) && <option value={filters.action}>{actionLabel(filters.action)}</option>}
          {AUDIT_ACTION_GROUPS.map((g) => (
            <optgroup key={g.prefix} label={g.label}>
              <option value={g.prefix}>All {g.label.toLowerCase()} events</option>
              {g.actions.map(([action, label]) => (
                <option key={action} value={action}>
                  {label}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Labelled>
      <Labelled id="audit-filter-actor" label="Actor" wide>
        <Select id="audit-filter-actor" name="actor" defaultValue={filters.actor}>
          <option value="">Anyone</option>
          {filters.actor && !knownActors.has(filters.actor) && <option value={filters.actor}>“{filters.actor}”</option>}
          {actors.map((a) => (
            <option key={a.value} value={a.value}>
              {a.label}
            </option>
          ))}
        </Select>
      </Labelled>
      <Labelled id="audit-filter-target" label="Key, application or member" wide>
        <Input id="audit-filter-target" name="target" type="search" defaultValue={filters.target} placeholder="Name, email or id" maxLength={64} />
      </Labelled>
      <Labelled id="audit-filter-from" label="From">
        <Input id="audit-filter-from" name="from" type="date" defaultValue={filters.from} />
      </Labelled>
      <Labelled id="audit-filter-to" label="To">
        <Input id="audit-filter-to" name="to" type="date" defaultValue={filters.to} />
      </Labelled>
      <div className="col-span-2 flex items-end gap-3 sm:col-span-1">
        <Button type="submit">Apply filters</Button>
        {filtered && (
          <Link href="/audit" className="whitespace-nowrap pb-2 text-sm text-indigo-700 underline">
            Clear filters
          </Link>
        )}
      </div>
    </form>
  );
}
