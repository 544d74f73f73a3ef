import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError, forbidden, zodFieldErrors } from "@/lib/errors";
import { hasScope } from "@/lib/permissions";
import { listAuditEventsSchema } from "@/lib/validations/audit";
import type { AuditNames } from "@/lib/audit/changes";

export type AuditEventView = {
  id: string;
  createdAt: Date;
  actorType: string;
  actorId: string;
  actorLabel: string;
  impersonatorId: string | null;
  impersonationId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  ip: string | null;
  userAgent: string | null;
  changes: Record<string, unknown>;
  reason: string | null;
};

/**
 * Which events an actor may see, as a `where` fragment. People see the whole
 * log. An API key sees its own environment's events, so a test key (the kind
 * that ends up in CI configs and laptops) cannot read what happened to live
 * keys, applications or credentials. Merchant-wide events, which belong to no
 * environment (team changes with members' emails, merchant settings, master
 * key rotation), are production information: live keys see them, test keys
 * do not.
 */
export function auditVisibility(actor: Actor): Prisma.AuditEventWhereInput {
  if (actor.kind !== "api_key") return {};
  if (actor.environment === "live") return { OR: [{ environment: "live" }, { environment: null }] };
  return { environment: actor.environment };
}

const KEY_EVENTS_PREFIX = "api_key.";

/** The action filter narrowed to `prefix`; null when the requested filter can match none of those events. */
function narrowActionPrefix(action: string | undefined, prefix: string): string | null {
  if ((action ?? "").startsWith(prefix)) return action!;
  return prefix.startsWith(action ?? "") ? prefix : null;
}

/** The merchant's audit events, newest first, with cursor pagination. */
export async function listAuditEvents(
  actor: Actor,
  query: unknown,
): Promise<{ items: AuditEventView[]; hasMore: boolean; nextCursor: string | null }> {
  if (actor.kind === "api_key" && !hasScope(actor.scopes, "audit_events", "read") && !hasScope(actor.scopes, "api_keys", "read")) {
    throw forbidden("This API key lacks the audit_events:read permission");
  }
  const parsed = listAuditEventsSchema.safeParse(query ?? {});
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(parsed.error.issues));
  const q = parsed.data;
  // A key that may read keys but not the whole log sees the key events only.
  if (actor.kind === "api_key" && !hasScope(actor.scopes, "audit_events", "read")) {
    const narrowed = narrowActionPrefix(q.action, KEY_EVENTS_PREFIX);
    if (narrowed === null) return { items: [], hasMore: false, nextCursor: null };
    q.action = narrowed;
  }
  const visibility = auditVisibility(actor);
  const cursor = q.startingAfter
    ? await db.auditEvent.findFirst({ where: { id: q.startingAfter, merchantId: actor.merchantId, ...visibility } })
    : null;
  if (q.startingAfter && !cursor) throw new ServiceError("not_found", "No such audit event");
  const rows = await db.auditEvent.findMany({
    where: {
      merchantId: actor.merchantId,
      AND: [
        visibility,
        ...(q.actor ? [{ OR: [{ actorLabel: { contains: q.actor } }, { actorId: q.actor }] }] : []),
        ...(q.actorType ? [{ actorType: q.actorType }] : []),
        ...(q.targetName ? [{ targetId: { in: await targetIdsNamed(actor.merchantId, q.targetName) } }] : []),
        ...(cursor ? [{ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] : []),
      ],
      ...(q.action ? { action: { startsWith: q.action } } : {}),
      ...(q.target ? { targetId: q.target } : {}),
      ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const hasMore = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, unknown> }));
  return { items, hasMore, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}

/** Case variants of a search term: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. */
function caseVariants(q: string): string[] {
  const title = q.toLowerCase().replace(/(^|\s)\S/g, (c) => c.toUpperCase());
  const first = q.charAt(0).toUpperCase() + q.slice(1).toLowerCase();
  return [...new Set([q, q.toLowerCase(), q.toUpperCase(), title, first])];
}

/** How many objects of each kind a target search matches at most. */
const TARGET_SEARCH_LIMIT = 200;

/**
 * The ids of the merchant's objects whose name (keys, applications), email
 * (members, invitations) or URL or description (webhook endpoints) contains
 * `term`, plus `term` itself (an id pasted in). One query per kind of object.
 */
export async function targetIdsNamed(merchantId: string, term: string): Promise<string[]> {
  const variants = caseVariants(term);
  const like = (field: string) => variants.map((v) => ({ [field]: { contains: v } }));
  const take = TARGET_SEARCH_LIMIT;
  const [keys, apps, members, invites, endpoints] = await Promise.all([
    db.apiKey.findMany({ where: { merchantId, searchText: { contains: term.toLowerCase() } }, select: { id: true }, take }),
    db.application.findMany({ where: { merchantId, OR: like("name") }, select: { id: true }, take }),
    db.membership.findMany({
      where: { merchantId, OR: [...variants.map((v) => ({ user: { email: { contains: v } } })), ...variants.map((v) => ({ user: { name: { contains: v } } }))] },
      select: { id: true },
      take,
    }),
    db.invite.findMany({ where: { merchantId, OR: like("email") }, select: { id: true }, take }),
    db.webhookEndpoint.findMany({ where: { merchantId, OR: [...like("url"), ...like("description")] }, select: { id: true }, take }),
  ]);
  return [term, ...[keys, apps, members, invites, endpoints].flat().map((r) => r.id)];
}

type NamedEvent = Pick<AuditEventView, "actorType" | "actorId" | "targetType" | "targetId" | "changes">;

/** Change fields that hold the id of a key, an application or an invitation. */
const KEY_FIELDS = ["successor", "publishableKeyId", "keyId"];
const KEY_LIST_FIELDS = ["revokedKeys"];
const INVITE_FIELDS = ["invite", "replacedBy"];
const INVITE_LIST_FIELDS = ["replacedInvites"];

function idsIn(changes: Record<string, unknown>, fields: string[], listFields: string[]): string[] {
  const out: string[] = [];
  for (const f of fields) if (typeof changes[f] === "string") out.push(changes[f]);
  for (const f of listFields) {
    const v = changes[f];
    if (Array.isArray(v)) for (const x of v) if (typeof x === "string") out.push(x);
  }
  return out;
}

/**
 * The names of what a page of events refers to (targets, API-key actors,
 * keys and applications named in changes), by id: one batched query per kind
 * of object for the whole page, never one per event. Only the merchant's own
 * objects are read; deleted ones are missing (their events carry a name).
 */
export async function resolveAuditNames(merchantId: string, events: readonly NamedEvent[]): Promise<AuditNames> {
  const keys = new Set<string>();
  const apps = new Set<string>();
  const members = new Set<string>();
  const invites = new Set<string>();
  const endpoints = new Set<string>();
  const chains = new Set<string>();
  for (const e of events) {
    if (e.actorType === "api_key") keys.add(e.actorId);
    const bucket = { api_key: keys, application: apps, membership: members, invite: invites, webhook_endpoint: endpoints, refresh_chain: chains }[e.targetType];
    bucket?.add(e.targetId);
    for (const id of idsIn(e.changes, KEY_FIELDS, KEY_LIST_FIELDS)) keys.add(id);
    for (const id of idsIn(e.changes, INVITE_FIELDS, INVITE_LIST_FIELDS)) invites.add(id);
    if (typeof e.changes.applicationId === "string") apps.add(e.changes.applicationId);
  }
  const ids = (set: Set<string>) => ({ in: [...set] });
  const none = Promise.resolve([]);
  const [keyRows, appRows, memberRows, inviteRows, endpointRows, chainRows] = await Promise.all([
    keys.size ? db.apiKey.findMany({ where: { merchantId, id: ids(keys) }, select: { id: true, name: true } }) : none,
    apps.size ? db.application.findMany({ where: { merchantId, id: ids(apps) }, select: { id: true, name: true } }) : none,
    members.size ? db.membership.findMany({ where: { merchantId, id: ids(members) }, select: { id: true, user: { select: { email: true } } } }) : none,
    invites.size ? db.invite.findMany({ where: { merchantId, id: ids(invites) }, select: { id: true, email: true } }) : none,
    endpoints.size ? db.webhookEndpoint.findMany({ where: { merchantId, id: ids(endpoints) }, select: { id: true, url: true, description: true } }) : none,
    chains.size
      ? db.apiKey.findMany({ where: { merchantId, refreshChainId: ids(chains) }, select: { refreshChainId: true, name: true }, orderBy: { createdAt: "asc" } })
      : none,
  ]);
  const names: Record<string, string> = {};
  for (const r of keyRows) names[r.id] = r.name;
  for (const r of appRows) names[r.id] = r.name;
  for (const r of memberRows) names[r.id] = r.user.email;
  for (const r of inviteRows) names[r.id] = r.email;
  for (const r of endpointRows) names[r.id] = r.description || r.url;
  for (const r of chainRows) if (r.refreshChainId && !names[r.refreshChainId]) names[r.refreshChainId] = `the refresh chain of ${r.name}`;
  return names;
}

export type AuditActorOption = { value: string; label: string };

/**
 * Who the actor filter offers: the merchant's members (by user id), then
 * "API key", "Keyward support" and "System" when the log has events by them.
 * Their values are what parseAuditFilters reads (a user id, or type:KIND).
 */
export async function auditActorOptions(actor: Actor): Promise<AuditActorOption[]> {
  const [members, kinds] = await Promise.all([
    db.membership.findMany({ where: { merchantId: actor.merchantId }, select: { user: { select: { id: true, email: true, name: true } } } }),
    db.auditEvent.groupBy({ by: ["actorType"], where: { merchantId: actor.merchantId, ...auditVisibility(actor), actorType: { not: "user" } } }),
  ]);
  const present = new Set(kinds.map((k) => k.actorType));
  const people = members
    .map((m) => ({ value: m.user.id, label: m.user.name ? `${m.user.name} (${m.user.email})` : m.user.email }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const others = (
    [
      ["api_key", "API key"],
      ["staff", "Keyward support"],
      ["system", "System"],
    ] as const
  )
    .filter(([type]) => present.has(type))
    .map(([type, label]) => ({ value: `type:${type}`, label }));
  return [...people, ...others];
}
