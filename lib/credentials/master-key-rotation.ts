import "server-only";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { currentMasterKey } from "@/lib/config/secrets";
import { rewrapDataKey } from "./envelope";
import { resealMasterSealedSecrets, type ResealResult } from "./sealed-secrets";

export type RotationProgress = { done: number; total: number; rewrapped: number; skipped: number; failed: number };

export type RotationResult = RotationProgress & {
  masterKeyId: string;
  /** Credentials still wrapped by another master key (non-zero after a limit, a failure or a concurrent write). */
  remaining: number;
  failures: { credentialId: string; masterKeyId: string; error: string }[];
  /** Webhook signing secrets and TOTP secrets, sealed with the master key itself (skipped with `limit`). */
  sealed: ResealResult;
};

/**
 * Re-wraps every credential's data key under the current (first) master
 * key. Ciphertexts are untouched and each row is switched by its own
 * compare-and-swap update, so:
 *  - every row is readable at every moment (under the old key until its
 *    update commits, under the new one after), as long as both keys stay
 *    configured until the rotation finishes;
 *  - a crash midway loses nothing, and re-running continues with the rows
 *    still on an old key;
 *  - a credential rotated by a user meanwhile (new wrapped key) is not
 *    overwritten by a re-wrap of its stale data key.
 *
 * Then secrets sealed with the master key itself (webhook signing secrets,
 * TOTP secrets) are re-sealed the same way, unless `limit` cut the run short.
 *
 * `limit` stops after that many rows (for batches, and to test resumption).
 */
export async function rotateMasterKey(
  options: { limit?: number; batchSize?: number; onProgress?: (p: RotationProgress) => void } = {},
): Promise<RotationResult> {
  const current = currentMasterKey();
  const batchSize = options.batchSize ?? 100;
  const pending = { masterKeyId: { not: current.id } };
  const total = Math.min(await db.providerCredential.count({ where: pending }), options.limit ?? Infinity);
  const progress: RotationProgress = { done: 0, total, rewrapped: 0, skipped: 0, failed: 0 };
  const failures: RotationResult["failures"] = [];
  const fromKeys = new Set<string>();
  let after = "";
  while (progress.done < total) {
    const rows = await db.providerCredential.findMany({
      where: { ...pending, id: { gt: after } },
      select: { id: true, merchantId: true, applicationId: true, provider: true, wrappedKey: true, masterKeyId: true },
      orderBy: { id: "asc" },
      take: Math.min(batchSize, total - progress.done),
    });
    if (rows.length === 0) break;
    for (const row of rows) {
      after = row.id;
      progress.done++;
      try {
        if ((await rewrapRow(row)) === "rewrapped") {
          progress.rewrapped++;
          fromKeys.add(row.masterKeyId);
        } else {
          progress.skipped++;
        }
      } catch (err) {
        progress.failed++;
        failures.push({
          credentialId: row.id,
          masterKeyId: row.masterKeyId,
          error: err instanceof Error ? err.message : "unknown error",
        });
      }
    }
    options.onProgress?.({ ...progress });
  }
  const sealed: ResealResult =
    options.limit === undefined ? await resealMasterSealedSecrets() : { resealed: 0, skipped: 0, fromMasterKeys: [], failures: [] };
  for (const id of sealed.fromMasterKeys) fromKeys.add(id);
  if (progress.rewrapped > 0 || sealed.resealed > 0) {
    await db.$transaction((tx) =>
      recordAudit(tx, null, {
        action: "credential.master_key_rotated",
        targetType: "master_key",
        targetId: current.id,
        merchantId: null,
        changes: {
          rewrapped: progress.rewrapped,
          resealed: sealed.resealed,
          fromMasterKeys: [...fromKeys].sort(),
          failed: progress.failed + sealed.failures.length,
        },
      }),
    );
  }
  const remaining = await db.providerCredential.count({ where: pending });
  return { ...progress, masterKeyId: current.id, remaining, failures, sealed };
}

type RowToRewrap = { id: string; merchantId: string; applicationId: string; provider: string; wrappedKey: string; masterKeyId: string };

/**
 * Re-wraps one row as read, only if it is still exactly as read: a row
 * rotated, re-wrapped or deleted in the meantime is left alone ("skipped").
 */
export async function rewrapRow(row: RowToRewrap): Promise<"rewrapped" | "skipped"> {
  const next = rewrapDataKey(row, row);
  const { count } = await db.providerCredential.updateMany({
    where: { id: row.id, masterKeyId: row.masterKeyId, wrappedKey: row.wrappedKey },
    data: next,
  });
  return count === 1 ? "rewrapped" : "skipped";
}

/** How many credentials each master key wraps. */
export async function masterKeyUsage(): Promise<{ masterKeyId: string; credentials: number }[]> {
  const groups = await db.providerCredential.groupBy({ by: ["masterKeyId"], _count: { _all: true }, orderBy: { masterKeyId: "asc" } });
  return groups.map((g) => ({ masterKeyId: g.masterKeyId, credentials: g._count._all }));
}
