import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { conflict } from "@/lib/errors";
import { keyTarget } from "./policy";
import { authorize, findOwnKey, parseKeyId, toView, type ApiKeyView } from "./service";

/**
 * Finishing a rotation early: during a roll's grace period, the old secret
 * (the rolled key, the successor's predecessor) stops working at once. It
 * ends a secret as revoking does, so whoever may revoke the key may do it.
 */

/** The dashboard offers it once the old secret has been quiet this long. */
export const QUIET_BEFORE_EXPIRE_MS = 15 * 60_000;

type GraceFields = { replacedById: string | null; revokedAt: Date | null; expiresAt: Date | null; lastUsedAt: Date | null };

export function inGracePeriod(key: Omit<GraceFields, "lastUsedAt">, at: Date): boolean {
  return Boolean(key.replacedById && !key.revokedAt && key.expiresAt && key.expiresAt > at);
}

/** Whether the old secret has had no traffic for QUIET_BEFORE_EXPIRE_MS (or none at all). */
export function quietEnoughToExpire(key: Pick<GraceFields, "lastUsedAt">, at: Date): boolean {
  return !key.lastUsedAt || at.getTime() - key.lastUsedAt.getTime() >= QUIET_BEFORE_EXPIRE_MS;
}

export type ExpiredNow = { key: ApiKeyView; successorId: string; previousExpiresAt: Date };

/**
 * Ends the grace period of a rolled key now. `requireQuiet` refuses (409)
 * while the old secret was used in the last 15 minutes: the dashboard
 * offers the action only then, and the server holds it to that. The
 * conditional update settles a race with the grace period ending, a revoke
 * or another "expire now": exactly one of them changes the row.
 */
export async function expireRolledKeyNow(actor: Actor, id: string, opts: { requireQuiet?: boolean } = {}): Promise<ExpiredNow> {
  const keyId = parseKeyId(id);
  return db.$transaction(async (tx) => {
    const row = await findOwnKey(tx, actor, keyId);
    authorize(actor, "revoke", keyTarget(row));
    requireRecentVerificationFor(actor, row.environment);
    const at = now();
    if (!inGracePeriod(row, at)) {
      throw conflict(
        row.replacedById
          ? "This key's grace period is already over: its old secret no longer works"
          : "This key is not in a roll's grace period: only the old secret of a rolled key can be ended early (revoke a key to end it)",
      );
    }
    if (opts.requireQuiet && !quietEnoughToExpire(row, at)) {
      throw conflict("The old secret was used in the last 15 minutes: update what still uses it, or wait until it has been quiet for 15 minutes");
    }
    const { count } = await tx.apiKey.updateMany({
      where: { id: row.id, merchantId: actor.merchantId, revokedAt: null, replacedById: { not: null }, expiresAt: { gt: at } },
      data: { expiresAt: at, pendingSecret: null, pendingSecretExpiresAt: null },
    });
    if (count !== 1) throw conflict("This key's grace period has just ended or the key was revoked");
    await recordAudit(tx, actor, {
      action: "api_key.grace_period_ended",
      targetType: "api_key",
      targetId: row.id,
      changes: {
        expiresAt: [row.expiresAt!.toISOString(), at.toISOString()],
        successor: row.replacedById,
        lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      },
    });
    const updated = await tx.apiKey.findUniqueOrThrow({ where: { id: row.id } });
    return { key: toView(updated, at, actor), successorId: row.replacedById!, previousExpiresAt: row.expiresAt! };
  });
}
