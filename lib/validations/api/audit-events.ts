import { z } from "zod";
import type { AuditEventView } from "@/lib/audit/query";
import { auditActionFilter, auditActorFilter, auditEventIdSchema, auditTargetFilter } from "@/lib/validations/audit";
import { dateParam, limitParam, listSchema, objectId, text, toUnix, unixTimestamp } from "./common";

export const auditEventObject = z.object({
  id: objectId("evt").meta({ example: "evt_4eC39HqLyjWDarjtT1zd" }),
  object: z.literal("audit_event"),
  created_at: unixTimestamp,
  action: text(64).meta({ example: "api_key.created" }),
  actor: z.object({
    type: text(16).meta({ description: "user, api_key, staff or system" }),
    id: text(64),
    label: text(300),
  }),
  target: z.object({ type: text(32), id: text(64) }),
  ip: text(64).nullable(),
  changes: z.record(text(64), z.unknown()).meta({ description: "What changed; never secrets" }),
  reason: text(1000).nullable(),
});
export type AuditEventObject = z.infer<typeof auditEventObject>;

export function serializeAuditEvent(e: AuditEventView): AuditEventObject {
  return {
    id: e.id,
    object: "audit_event",
    created_at: toUnix(e.createdAt),
    action: e.action,
    actor: { type: e.actorType, id: e.actorId, label: e.actorLabel },
    target: { type: e.targetType, id: e.targetId },
    ip: e.ip,
    changes: e.changes,
    reason: e.reason,
  };
}

export const auditEventList = listSchema(auditEventObject);

export const listAuditEventsQuery = z
  .object({
    limit: limitParam,
    starting_after: auditEventIdSchema
      .optional()
      .meta({ description: "The id of the last event of the previous page" }),
    action: auditActionFilter.optional().meta({ description: "Events whose action starts with this, e.g. api_key.", example: "api_key." }),
    actor: auditActorFilter.optional().meta({ description: "An actor id, or part of an actor's label" }),
    target: auditTargetFilter.optional().meta({ description: "A target id, e.g. a key id" }),
    from: dateParam.optional().meta({ description: "Events at or after this moment" }),
    to: dateParam.optional().meta({ description: "Events at or before this moment" }),
  })
  .strict();

/** The audit-log service's query, from the API's snake_case parameters. */
export function toAuditQuery(q: z.infer<typeof listAuditEventsQuery>) {
  return {
    limit: q.limit,
    startingAfter: q.starting_after,
    action: q.action,
    actor: q.actor,
    target: q.target,
    from: q.from,
    to: q.to,
  };
}
