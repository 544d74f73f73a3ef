import "server-only";
import type { Tx } from "@/lib/db";
import type { ApiKey } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { conflict } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { authorize } from "./access";
import { insertKey, type SecretDelivery } from "./insert";
import { keyTarget } from "./policy";
import { decodeKey, type KeyRecord } from "./record";

export type SuccessorPlan = {
  op: "roll" | "refresh";
  /** How long the old secret keeps working (never past its own expiry). */
  graceMs: number;
  /** The successor's expiry, given the old key. */
  expiresAt: (old: KeyRecord) => Date | null;
  delivery: SecretDelivery;
  /** A roll needs an unexpired key; a refresh renews an expired one too (its refresh token is the proof). */
  allowExpired: boolean;
  /** Told to the loser of two concurrent rolls or refreshes. */
  conflictMessage: string;
};

export type Successor = { old: KeyRecord; row: ApiKey; secret: string; previousExpiresAt: Date };

/**
 * The one way a key gets a successor, for rolls and refreshes alike. Inside
 * the caller's transaction:
 *  1. claims the old key with a conditional update (not replaced, not
 *     revoked), so of concurrent attempts exactly one goes on;
 *  2. refuses a paused key (its successor would authenticate at once);
 *  3. asks the policy again on the row as claimed (its permissions may have
 *     changed since the caller looked);
 *  4. inserts the successor with the old key's name, description, type,
 *     environment, permissions, metadata, allowlist and refresh chain;
 *  5. caps the old key's expiry at the end of the grace period and drops any
 *     secret still waiting to be revealed.
 * The caller records its own audit event.
 */
export async function insertSuccessor(tx: Tx, actor: Actor, keyId: string, plan: SuccessorPlan, at: Date): Promise<Successor> {
  const successorId = newId("key");
  const { count } = await tx.apiKey.updateMany({
    where: {
      id: keyId,
      merchantId: actor.merchantId,
      replacedById: null,
      revokedAt: null,
      ...(plan.allowExpired ? {} : { OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] }),
    },
    data: { replacedById: successorId },
  });
  if (count !== 1) throw conflict(plan.conflictMessage);
  const old = decodeKey(await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } }));
  if (old.disabledAt) throw conflict("This key is disabled: enable it before rolling it");
  const grant = authorize(actor, plan.op, keyTarget(old));
  const { row, secret } = await insertKey(
    tx,
    grant,
    actor,
    {
      id: successorId,
      merchantId: old.merchantId,
      name: old.name,
      description: old.description,
      type: old.type,
      environment: old.environment,
      permissions: old.permissions,
      metadata: old.metadata,
      expiresAt: plan.expiresAt(old),
      refreshable: old.refreshable,
      refreshChainId: old.refreshChainId,
      rolledFromId: old.id,
      allowedIps: old.allowedIps,
    },
    plan.delivery,
  );
  const graceEnd = new Date(at.getTime() + plan.graceMs);
  const previousExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
  await tx.apiKey.update({
    where: { id: old.id },
    data: { expiresAt: previousExpiresAt, pendingSecret: null, pendingSecretExpiresAt: null },
  });
  return { old, row, secret, previousExpiresAt };
}
