import "server-only";
import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { newId } from "@/lib/ids";
import { now } from "@/lib/clock";
import { enqueueEventsForAudit } from "@/lib/events/outbox";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId: string;
  /** Changed fields as { field: [before, after] } or plain facts; never secrets. */
  changes?: Record<string, unknown>;
  merchantId?: string | null;
  reason?: string | null;
  /** The environment (test | live) the event belongs to; derived from the target when omitted. */
  environment?: "test" | "live" | null;
};

/**
 * The environment of what an event is about: a key, an application, a
 * provider credential (its application's) or a refresh chain (its key's).
 * Anything else (team, merchant, master key) belongs to no environment.
 * Read inside the same transaction, so a target created in it is found.
 */
export async function auditEnvironmentOf(tx: Tx, targetType: string, targetId: string): Promise<string | null> {
  switch (targetType) {
    case "api_key":
      return (await tx.apiKey.findUnique({ where: { id: targetId }, select: { environment: true } }))?.environment ?? null;
    case "application":
      return (await tx.application.findUnique({ where: { id: targetId }, select: { environment: true } }))?.environment ?? null;
    case "provider_credential": {
      const row = await tx.providerCredential.findUnique({ where: { id: targetId }, select: { application: { select: { environment: true } } } });
      return row?.application.environment ?? null;
    }
    case "refresh_chain":
      return (await tx.apiKey.findFirst({ where: { refreshChainId: targetId }, select: { environment: true } }))?.environment ?? null;
    default:
      return null;
  }
}

/**
 * Appends an audit event. Always called with the transaction that makes the
 * change it records, so the change and its event commit or fail together.
 */
export async function recordAudit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  const impersonation = actor?.kind === "user" ? actor.impersonation : undefined;
  const environment = input.environment !== undefined ? input.environment : await auditEnvironmentOf(tx, input.targetType, input.targetId);
  const row = await tx.auditEvent.create({
    data: {
      id: newId("evt"),
      merchantId: input.merchantId === undefined ? (actor?.merchantId ?? null) : input.merchantId,
      createdAt: now(),
      actorType: !actor ? "system" : actor.kind === "api_key" ? "api_key" : impersonation ? "staff" : "user",
      actorId: !actor ? "system" : actor.kind === "api_key" ? actor.keyId : (impersonation?.staffUserId ?? actor.userId),
      actorLabel: !actor ? "Keyward" : impersonation ? `${impersonation.staffLabel} (support)` : actor.label,
      impersonatorId: impersonation?.staffUserId ?? null,
      impersonationId: impersonation?.id ?? null,
      action: input.action,
      targetType: input.targetType,
      targetId: input.targetId,
      ip: actor?.ip ?? null,
      userAgent: actor?.userAgent?.slice(0, 256) ?? null,
      changes: JSON.stringify(input.changes ?? {}),
      reason: input.reason ?? impersonation?.reason ?? null,
      environment,
    },
  });
  // Webhook and email events derived from the change, in its transaction (the outbox).
  await enqueueEventsForAudit(tx, { ...row, changes: input.changes ?? {} });
}
