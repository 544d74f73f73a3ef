import "server-only";
import { db } from "@/lib/db";
import { currentMasterKey } from "@/lib/config/secrets";
import { openSigningSecret, sealSigningSecret } from "@/lib/webhooks/secret";
import { openTotpSecret, sealTotpSecret } from "@/lib/auth/totp";

/**
 * Secrets sealed directly with a master key and stored as
 * `<masterKeyId>:<sealed>`: webhook signing secrets (current and previous)
 * and TOTP secrets. A master-key rotation re-seals them under the current
 * key, one compare-and-swap update per value, so a value changed meanwhile
 * (a rolled webhook secret, a re-enrolled authenticator) is never
 * overwritten with a stale one.
 */

export type SealedKind = "webhook_secret" | "webhook_previous_secret" | "totp_secret";

export type ResealResult = {
  resealed: number;
  skipped: number;
  /** The master keys the re-sealed values were under. */
  fromMasterKeys: string[];
  failures: { kind: SealedKind; id: string; masterKeyId: string; error: string }[];
};

const masterKeyIdOf = (stored: string) => stored.slice(0, stored.indexOf(":"));

type Candidate = { kind: SealedKind; id: string; stored: string; reseal: () => string; swap: (next: string) => Promise<number> };

async function candidates(currentId: string): Promise<Candidate[]> {
  const notCurrent = { not: { startsWith: `${currentId}:` } };
  const [endpoints, previous, users] = await Promise.all([
    db.webhookEndpoint.findMany({ where: { secret: notCurrent }, select: { id: true, merchantId: true, secret: true } }),
    db.webhookEndpoint.findMany({
      where: { previousSecret: { ...notCurrent } },
      select: { id: true, merchantId: true, previousSecret: true },
    }),
    db.user.findMany({ where: { totpSecret: { ...notCurrent } }, select: { id: true, totpSecret: true } }),
  ]);
  return [
    ...endpoints.map((e): Candidate => ({
      kind: "webhook_secret",
      id: e.id,
      stored: e.secret,
      reseal: () => sealSigningSecret(e.merchantId, e.id, openSigningSecret(e.merchantId, e.id, e.secret)),
      swap: async (next) => (await db.webhookEndpoint.updateMany({ where: { id: e.id, secret: e.secret }, data: { secret: next } })).count,
    })),
    ...previous.map((e): Candidate => ({
      kind: "webhook_previous_secret",
      id: e.id,
      stored: e.previousSecret!,
      reseal: () => sealSigningSecret(e.merchantId, e.id, openSigningSecret(e.merchantId, e.id, e.previousSecret!)),
      swap: async (next) =>
        (await db.webhookEndpoint.updateMany({ where: { id: e.id, previousSecret: e.previousSecret }, data: { previousSecret: next } })).count,
    })),
    ...users.map((u): Candidate => ({
      kind: "totp_secret",
      id: u.id,
      stored: u.totpSecret!,
      reseal: () => sealTotpSecret(u.id, openTotpSecret(u.id, u.totpSecret!)),
      swap: async (next) => (await db.user.updateMany({ where: { id: u.id, totpSecret: u.totpSecret }, data: { totpSecret: next } })).count,
    })),
  ];
}

/** Re-seals every master-sealed secret not yet under the current master key. */
export async function resealMasterSealedSecrets(): Promise<ResealResult> {
  const result: ResealResult = { resealed: 0, skipped: 0, fromMasterKeys: [], failures: [] };
  const from = new Set<string>();
  for (const c of await candidates(currentMasterKey().id)) {
    try {
      if ((await c.swap(c.reseal())) === 1) {
        result.resealed++;
        from.add(masterKeyIdOf(c.stored));
      } else {
        result.skipped++;
      }
    } catch (err) {
      result.failures.push({
        kind: c.kind,
        id: c.id,
        masterKeyId: masterKeyIdOf(c.stored),
        error: err instanceof Error ? err.message : "unknown error",
      });
    }
  }
  result.fromMasterKeys = [...from].sort();
  return result;
}

/** How many master-sealed secrets each master key seals, by kind. */
export async function sealedSecretUsage(): Promise<{ masterKeyId: string; kind: SealedKind; count: number }[]> {
  const [endpoints, users] = await Promise.all([
    db.webhookEndpoint.findMany({ select: { secret: true, previousSecret: true } }),
    db.user.findMany({ where: { totpSecret: { not: null } }, select: { totpSecret: true } }),
  ]);
  const counts = new Map<string, number>();
  const add = (kind: SealedKind, stored: string | null) => {
    if (!stored) return;
    const k = `${masterKeyIdOf(stored)}\u0000${kind}`;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  };
  for (const e of endpoints) {
    add("webhook_secret", e.secret);
    add("webhook_previous_secret", e.previousSecret);
  }
  for (const u of users) add("totp_secret", u.totpSecret);
  return [...counts]
    .map(([k, count]) => {
      const [masterKeyId, kind] = k.split("\u0000") as [string, SealedKind];
      return { masterKeyId, kind, count };
    })
    .sort((a, b) => a.masterKeyId.localeCompare(b.masterKeyId) || a.kind.localeCompare(b.kind));
}
