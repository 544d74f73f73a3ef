import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
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
  const cursor = q.startingAfter
    ? await db.auditEvent.findFirst({ where: { id: q.startingAfter, merchantId: actor.merchantId } })
    : null;
  if (q.startingAfter && !cursor) throw new ServiceError("not_found", "No such audit event");
  const rows = await db.auditEvent.findMany({
    where: {
      merchantId: actor.merchantId,
      ...(q.action ? { action: { startsWith: q.action } } : {}),
      ...(q.actor ? { OR: [{ actorLabel: { contains: q.actor } }, { actorId: q.actor }] } : {}),
      ...(q.target ? { targetId: q.target } : {}),
      ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: q.from } : {}), ...(q.to ? { lte: q.to } : {}) } } : {}),
      ...(cursor
        ? { AND: [{ OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] }] }
        : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: q.limit + 1,
  });
  const hasMore = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map((r) => ({ ...r, changes: JSON.parse(r.changes) as Record<string, unknown> }));
  return { items, hasMore, nextCursor: hasMore ? (items.at(-1)?.id ?? null) : null };
}
