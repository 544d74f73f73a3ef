import "server-only";
import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { newId } from "@/lib/ids";
import { now } from "@/lib/clock";

export type AuditInput = {
  action: string;
  targetType: string;
  targetId: string;
  /** Changed fields as { field: [before, after] } or plain facts; never secrets. */
  changes?: Record<string, unknown>;
  merchantId?: string | null;
  reason?: string | null;
};

/**
 * Appends an audit event. Always called with the transaction that makes the
 * change it records, so the change and its event commit or fail together.
 */
export async function recordAudit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  const impersonation = actor?.kind === "user" ? actor.impersonation : undefined;
  await tx.auditEvent.create({
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
    },
  });
}
