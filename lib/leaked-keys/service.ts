import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { decodeJsonObject } from "@/lib/db/json-columns";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { parseKey } from "@/lib/api-keys/format";
import { candidateHashes } from "@/lib/api-keys/hash";
import { keyStatus } from "@/lib/api-keys/status";
import type { LeakLabel, LeakReport, LeakReportResult } from "@/lib/validations/leaked-keys";

/**
 * What a leak report did, per token:
 *   revoked         a live secret or restricted key, now revoked
 *   reported        a live publishable key: public by design, recorded only
 *   inactive        a key already revoked or expired (or revoked earlier in this batch)
 *   unknown         well-formed, but no key of this server
 *   malformed       not a Keyward key at all (checked offline, no lookup)
 */
export type LeakOutcome = "revoked" | "reported" | "inactive" | "unknown" | "malformed";

export const LEAK_REVOKED_ACTION = "api_key.leak_reported_revoked";
export const LEAK_REPORTED_ACTION = "api_key.leak_reported";

const LABELS: Record<LeakOutcome, LeakLabel> = {
  revoked: "true_positive",
  reported: "true_positive",
  inactive: "true_positive",
  unknown: "false_positive",
  malformed: "false_positive",
};

export type LeakResult = LeakReportResult & { outcome: LeakOutcome };

type KeyRow = {
  id: string;
  merchantId: string;
  type: string;
  prefix: string;
  secretHash: string;
  hashVersion: string;
  revokedAt: Date | null;
  expiresAt: Date | null;
  replacedById: string | null;
};

export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The facts every leak event carries: the merchant's alerts read these names. */
function leakChanges(row: KeyRow, report: LeakReport, reporter: string) {
  return { source_url: report.url, reporter, key_prefix: row.prefix, source: report.source };
}

/**
 * Handles a batch of leak reports from an authenticated scanner. All
 * well-formed tokens are looked up in one query (the same HMAC hashing as
 * authentication, under every hash-secret version); every change and its
 * audit event is written in one transaction. A key is revoked with a
 * conditional update, so concurrent reports of one key revoke it (and record
 * it) once. The token is never stored, not even hashed.
 */
export async function processLeakReports(reports: readonly LeakReport[], reporter: string): Promise<LeakResult[]> {
  const at = now();
  const parsed = reports.map((r) => parseKey(r.token));
  const candidates = parsed.map((p) => (p ? candidateHashes(p.key) : []));
  const hashes = [...new Set(candidates.flat().map((c) => c.hash))];
  const rows: KeyRow[] = hashes.length
    ? await db.apiKey.findMany({
        where: { secretHash: { in: hashes } },
        select: {
          id: true,
          merchantId: true,
          type: true,
          prefix: true,
          secretHash: true,
          hashVersion: true,
          revokedAt: true,
          expiresAt: true,
          replacedById: true,
        },
      })
    : [];
  const byHash = new Map(rows.map((r) => [r.secretHash, r]));

  const toRevoke = new Map<string, { row: KeyRow; report: LeakReport }>();
  const toRecord = new Map<string, { row: KeyRow; report: LeakReport }>();
  const keyIds: (string | null)[] = reports.map(() => null);
  const outcomes: LeakOutcome[] = reports.map((report, i) => {
    if (!parsed[i]) return "malformed";
    const row = candidates[i]!.map((c) => {
      const found = byHash.get(c.hash);
      return found && found.hashVersion === c.version ? found : undefined;
    }).find(Boolean);
    if (!row) return "unknown";
    keyIds[i] = row.id;
    const status = keyStatus(row, at);
    if (status === "revoked" || status === "expired") return "inactive";
    if (row.type === "publishable") {
      toRecord.set(`${row.id} ${report.url ?? ""}`, { row, report });
      return "reported";
    }
    if (toRevoke.has(row.id)) return "inactive";
    toRevoke.set(row.id, { row, report });
    return "revoked";
  });

  // Publishable keys: one event per key and source URL, however often it is reported.
  if (toRecord.size) {
    const entries = [...toRecord.values()];
    const seen = await db.auditEvent.findMany({
      where: {
        action: LEAK_REPORTED_ACTION,
        OR: entries.map(({ row }) => ({ merchantId: row.merchantId, targetId: row.id })),
      },
      select: { targetId: true, changes: true },
    });
    for (const event of seen) {
      const { source_url: url } = decodeJsonObject(event.changes);
      toRecord.delete(`${event.targetId} ${typeof url === "string" ? url : ""}`);
    }
  }

  const revokedElsewhere = new Set<string>();
  if (toRevoke.size || toRecord.size) {
    // Only writes inside: the first statement takes the write lock, so concurrent batches queue instead of failing.
    await db.$transaction(async (tx) => {
      for (const { row, report } of toRevoke.values()) {
        const { count } = await tx.apiKey.updateMany({
          where: {
            id: row.id,
            merchantId: row.merchantId,
            revokedAt: null,
            OR: [{ expiresAt: null }, { expiresAt: { gt: at } }],
          },
          data: { revokedAt: at, pendingSecret: null, pendingSecretExpiresAt: null },
        });
        if (count !== 1) {
          // Revoked (or expired) since the lookup, e.g. by a concurrent report: nothing left to do.
          revokedElsewhere.add(row.id);
          continue;
        }
        await recordAudit(tx, null, {
          merchantId: row.merchantId,
          action: LEAK_REVOKED_ACTION,
          targetType: "api_key",
          targetId: row.id,
          changes: { ...leakChanges(row, report, reporter), status: [keyStatus(row, at), "revoked"] },
          reason: `Found in public by secret scanner "${reporter}" and revoked automatically`,
        });
      }
      for (const { row, report } of toRecord.values()) {
        await recordAudit(tx, null, {
          merchantId: row.merchantId,
          action: LEAK_REPORTED_ACTION,
          targetType: "api_key",
          targetId: row.id,
          changes: leakChanges(row, report, reporter),
          reason: `Found in public by secret scanner "${reporter}"; publishable keys are public by design and stay active`,
        });
      }
    });
  }

  return reports.map((report, i) => {
    const outcome = outcomes[i] === "revoked" && revokedElsewhere.has(keyIds[i]!) ? "inactive" : outcomes[i]!;
    return { token_hash: tokenHash(report.token), token_type: report.type, label: LABELS[outcome], outcome };
  });
}
