import "server-only";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { ServiceError } from "@/lib/errors";
import { authorize, findOwnKey, parseKeyId } from "./access";
import { openPendingSecret } from "./pending-secret";
import { keyTarget } from "./policy";
import { toView, type ApiKeyView } from "./view";

/**
 * Delivers a pending secret exactly once. The conditional update is the
 * claim: of any number of concurrent reveals, one changes the row and gets
 * the plaintext; the others find nothing left to claim.
 */
export async function revealSecret(actor: Actor, id: string): Promise<{ key: ApiKeyView; secret: string }> {
  const keyId = parseKeyId(id);
  const row = await findOwnKey(db, actor, keyId);
  authorize(actor, "reveal", keyTarget(row));
  requireRecentVerificationFor(actor, row.environment);
  const at = now();
  if (row.type === "publishable" && row.publicValue) return { key: toView(row, at), secret: row.publicValue };
  const stored = row.pendingSecret;
  if (!stored || !row.pendingSecretExpiresAt || row.pendingSecretExpiresAt <= at) {
    throw new ServiceError("gone", "This secret can no longer be revealed. Roll the key to get a new secret.");
  }
  const claimed = await db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id: keyId, merchantId: actor.merchantId, pendingSecret: stored, pendingSecretExpiresAt: { gt: at } },
      data: { pendingSecret: null, pendingSecretExpiresAt: null, revealedAt: at },
    });
    if (count !== 1) return false;
    await recordAudit(tx, actor, { action: "api_key.secret_revealed", targetType: "api_key", targetId: keyId });
    return true;
  });
  if (!claimed) throw new ServiceError("gone", "This secret has already been revealed.");
  const fresh = await db.apiKey.findFirstOrThrow({ where: { id: keyId, merchantId: actor.merchantId } });
  return { key: toView(fresh, at), secret: openPendingSecret(keyId, stored) };
}

/** Deletes pending secrets whose reveal window has passed: after it, no copy of the secret exists (a maintenance job). */
export async function purgeExpiredPendingSecrets(at = now()): Promise<number> {
  const { count } = await db.apiKey.updateMany({
    where: { pendingSecretExpiresAt: { lte: at } },
    data: { pendingSecret: null, pendingSecretExpiresAt: null },
  });
  return count;
}
