import "server-only";
import type { Tx } from "@/lib/db";
import { eventTypesForAudit } from "./from-audit";
import { newEventObjectId } from "./ids";

export type EventActor = { type: "user" | "api_key" | "staff" | "system"; id: string; label: string };

export type OutboxInput = {
  merchantId: string;
  environment: "test" | "live" | null;
  type: string;
  occurredAt: Date;
  data: Record<string, unknown>;
  /** At most one event per key (time- and traffic-based events). */
  dedupeKey?: string;
  /** Deliver to this endpoint only (a test event). */
  endpointId?: string;
  /** Already handled by email (test events are never emailed). */
  emailed?: boolean;
};

/** Writes an event to the outbox, inside the caller's transaction. */
export async function enqueueEvent(tx: Tx, input: OutboxInput): Promise<string> {
  const id = newEventObjectId("msg");
  await tx.outboxEvent.create({
    data: {
      id,
      merchantId: input.merchantId,
      environment: input.environment,
      type: input.type,
      occurredAt: input.occurredAt,
      data: JSON.stringify(input.data),
      dedupeKey: input.dedupeKey ?? null,
      endpointId: input.endpointId ?? null,
      emailedAt: input.emailed ? input.occurredAt : null,
      createdAt: input.occurredAt,
    },
  });
  return id;
}

const toSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** What a payload says about the object beyond its type and id (never a secret). */
async function objectDetails(tx: Tx, targetType: string, targetId: string): Promise<Record<string, unknown>> {
  if (targetType === "api_key") {
    const key = await tx.apiKey.findUnique({
      where: { id: targetId },
      select: { name: true, prefix: true, type: true, environment: true },
    });
    return key ? { name: key.name, prefix: key.prefix, key_type: key.type, environment: key.environment } : {};
  }
  if (targetType === "provider_credential") {
    const cred = await tx.providerCredential.findUnique({
      where: { id: targetId },
      select: { applicationId: true, provider: true, mask: true },
    });
    return cred ? { application: cred.applicationId, provider: cred.provider, mask: cred.mask } : {};
  }
  return {};
}

export type AuditRecord = {
  merchantId: string | null;
  createdAt: Date;
  actorType: string;
  actorId: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  changes: Record<string, unknown>;
  reason: string | null;
  environment: string | null;
};

/** The events an audit record raises, written beside it in the same transaction. */
export async function enqueueEventsForAudit(tx: Tx, audit: AuditRecord): Promise<void> {
  const types = eventTypesForAudit(audit.action);
  if (types.length === 0 || !audit.merchantId) return;
  const data = {
    object: { type: audit.targetType, id: audit.targetId, ...(await objectDetails(tx, audit.targetType, audit.targetId)) },
    actor: { type: audit.actorType, id: audit.actorId, label: audit.actorLabel } as EventActor,
    changes: Object.fromEntries(Object.entries(audit.changes).map(([k, v]) => [toSnake(k), v])),
    ...(audit.reason ? { reason: audit.reason } : {}),
  };
  for (const type of types) {
    await enqueueEvent(tx, {
      merchantId: audit.merchantId,
      environment: audit.environment === "test" || audit.environment === "live" ? audit.environment : null,
      type,
      occurredAt: audit.createdAt,
      data,
    });
  }
}
