import { z } from "zod";

/**
 * The audit log's filters, shared by the dashboard (page and CSV export),
 * the service and the REST API (lib/validations/api/audit-events.ts wraps
 * the same fields in its snake_case query).
 */

export const auditEventIdSchema = z.string().max(24, "Not a valid event id").regex(/^evt_[0-9A-Za-z]{20}$/, "Not a valid event id");

/** Events whose action starts with this, e.g. "api_key." or "api_key.rolled". */
export const auditActionFilter = z.string().max(64);
/** An actor id, or part of an actor's label. */
export const auditActorFilter = z.string().max(254);
/** A target id. */
export const auditTargetFilter = z.string().max(64);

/** Who acts: the kinds of actor an event records. */
export const AUDIT_ACTOR_TYPES = ["user", "staff", "api_key", "system"] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** The service's query (camelCase; the API and the dashboard translate theirs to it). */
export const listAuditEventsSchema = z
  .object({
    action: auditActionFilter.trim().optional(),
    actor: auditActorFilter.trim().optional(),
    /** Dashboard only: events by one kind of actor (the API has no such parameter). */
    actorType: z.enum(AUDIT_ACTOR_TYPES, { error: "Not a kind of actor" }).optional(),
    target: auditTargetFilter.trim().optional(),
    /** Dashboard only: events about objects whose name (or email, or URL) contains this, or whose id is this. */
    targetName: z.string().trim().max(100, "Search for at most 100 characters").optional(),
    from: z.coerce.date({ error: "from must be a date" }).optional(),
    to: z.coerce.date({ error: "to must be a date" }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** Id of the last event of the previous page (events are newest first). */
    startingAfter: auditEventIdSchema.optional(),
  })
  .strict();
export type ListAuditEventsInput = z.input<typeof listAuditEventsSchema>;
