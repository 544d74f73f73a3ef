import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { ServiceError, forbidden, zodFieldErrors } from "@/lib/errors";
import { hasScope } from "@/lib/permissions";

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

export const listAuditEventsSchema = z
  .object({
    action: z.string().trim().max(64).optional(),
    actor: z.string().trim().max(254).optional(),
    target: z.string().trim().max(64).optional(),
    from: z.coerce.date({ error: "from must be a date" }).optional(),
    to: z.coerce.date({ error: "to must be a date" }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** Id of the last event of the previous page (events are newest first). */
    startingAfter: z.string().regex(/^evt_[0-9A-Za-z]{20}$/, "Not a valid event id").optional(),
  })
  .strict();

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
