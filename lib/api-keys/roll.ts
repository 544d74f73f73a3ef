import "server-only";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { rollApiKeySchema, type RollApiKeyInput } from "@/lib/validations/api-key";
import { parseInput } from "@/lib/validations/parse";
import { authorize, findOwnKey, parseKeyId } from "./access";
import type { SecretDelivery } from "./insert";
import { keyTarget } from "./policy";
import { insertSuccessor } from "./successor";
import { toView, type ApiKeyView } from "./view";

export type RolledKey = {
  key: ApiKeyView;
  secret: string;
  previous: { id: string; expiresAt: Date };
};

/**
 * Rolls a key: a successor inherits name, permissions, metadata and expiry,
 * and the old secret keeps working until the grace period ends (never past
 * its own expiry). Concurrent rolls of one key leave exactly one successor.
 */
export async function rollApiKey(actor: Actor, id: string, input: RollApiKeyInput, delivery: SecretDelivery): Promise<RolledKey> {
  const keyId = parseKeyId(id);
  const { expirePreviousIn } = parseInput(rollApiKeySchema, input);
  const probe = await findOwnKey(db, actor, keyId);
  authorize(actor, "roll", keyTarget(probe));
  requireRecentVerificationFor(actor, probe.environment);
  const at = now();
  return db.$transaction(async (tx) => {
    const { old, row, secret, previousExpiresAt } = await insertSuccessor(
      tx,
      actor,
      keyId,
      {
        op: "roll",
        graceMs: expirePreviousIn * 1000,
        expiresAt: (previous) => previous.expiresAt,
        delivery,
        allowExpired: false,
        conflictMessage: "This key has already been rolled, revoked or has expired; roll its newest successor instead",
      },
      at,
    );
    await recordAudit(tx, actor, {
      action: "api_key.rolled",
      targetType: "api_key",
      targetId: old.id,
      changes: { successor: row.id, previousExpiresAt: previousExpiresAt.toISOString(), gracePeriodSeconds: expirePreviousIn },
    });
    return { key: toView(row, at), secret, previous: { id: old.id, expiresAt: previousExpiresAt } };
  });
}
