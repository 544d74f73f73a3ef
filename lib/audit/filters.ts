import { ID_PATTERN } from "@/lib/ids";
import { AUDIT_ACTOR_TYPES, type AuditActorType } from "@/lib/validations/audit";

/**
 * The audit log's URL filters, shared by the page and the CSV export: plain
 * strings from the query string become listAuditEvents input. Date inputs
 * (YYYY-MM-DD) cover whole days in UTC. `actor` is a user id, part of an
 * actor's label, or type:KIND (api_key, staff, system, user) for every
 * event by that kind of actor; `target` is an object's id, or part of its
 * name (keys, applications), email (members, invitations) or URL (endpoints).
 */
export type AuditFilters = { action: string; actor: string; target: string; from: string; to: string };

export const EMPTY_FILTERS: AuditFilters = { action: "", actor: "", target: "", from: "", to: "" };

type Raw = Record<string, string | string[] | undefined>;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function first(v: string | string[] | undefined): string {
  return (Array.isArray(v) ? v[0] : v)?.trim() ?? "";
}

function validDay(v: string): boolean {
  return DAY.test(v) && !Number.isNaN(new Date(`${v}T00:00:00.000Z`).getTime());
}

export function parseAuditFilters(raw: Raw): {
  filters: AuditFilters;
  startingAfter: string | undefined;
  query: Record<string, string>;
  error: string | null;
} {
  const filters: AuditFilters = {
    action: first(raw.action).slice(0, 64),
    actor: first(raw.actor).slice(0, 254),
    target: first(raw.target).slice(0, 64),
    from: first(raw.from),
    to: first(raw.to),
  };
  let error: string | null = null;
  if ((filters.from && !validDay(filters.from)) || (filters.to && !validDay(filters.to))) error = "Dates must be YYYY-MM-DD";
  else if (filters.from && filters.to && filters.from > filters.to) error = "The start date is after the end date";
  const startingAfter = first(raw.startingAfter) || undefined;
  const query: Record<string, string> = {};
  if (filters.action) query.action = filters.action;
  const actorType = /^type:(.+)$/.exec(filters.actor)?.[1];
  if (actorType !== undefined) {
    if ((AUDIT_ACTOR_TYPES as readonly string[]).includes(actorType)) query.actorType = actorType as AuditActorType;
    else error ??= "Not a kind of actor";
  } else if (filters.actor) query.actor = filters.actor;
  if (ID_PATTERN.test(filters.target)) query.target = filters.target;
  else if (filters.target) query.targetName = filters.target;
  if (!error && filters.from) query.from = `${filters.from}T00:00:00.000Z`;
  if (!error && filters.to) query.to = `${filters.to}T23:59:59.999Z`;
  return { filters, startingAfter, query, error };
}

/** The query string for these filters (empty ones left out), e.g. for pagination and export links. */
export function filtersToSearch(filters: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) params.set(k, v);
  const s = params.toString();
  return s ? `?${s}` : "";
}
