import "server-only";
import { db, type Tx } from "@/lib/db";
import { recordAudit } from "@/lib/audit";
import { writeBehind } from "@/lib/buffer/write-behind";

/**
 * Records key usage off the request path: authentications are buffered in
 * memory and written in one batch about once a second, so a busy key costs
 * one write per flush rather than one per request. The same flush keeps the
 * IPs each key was used from and raises an alert for a new one.
 *
 * Rows are hourly, except that a rolled key's hour of the roll is split in
 * two: requests from the roll on go to a row whose `hour` is the roll time
 * itself, so "requests since the roll" is exact (to the second) while
 * flooring `hour` still puts every row in its hour.
 */
type SeenIp = { first: Date; last: Date; count: number };
/** `count` is keyed by the start of the second of the requests. */
type Pending = { at: Date; ip: string | null; count: Map<number, number>; ips: Map<string, SeenIp> };

/** Distinct IPs kept per key between two flushes; more are counted but not tracked until the next flush. */
const MAX_IPS_PER_FLUSH = 100;
const HOUR_MS = 3_600_000;

export const NEW_IP_ACTION = "api_key.used_from_new_ip";

const buffer = writeBehind<Pending>({
  name: "key-usage",
  // Usage is best effort: losing a second of counts beats failing requests.
  failure: "could not record key usage",
  write: writeInChunks,
});

/** Keys per transaction: each holds its keys' rows only briefly (see writeInChunks). */
const KEYS_PER_TRANSACTION = 20;

/**
 * Writes a flush in transactions of a few keys each. Inserting a key's usage
 * row locks the key against rolls (the foreign key's share lock), so one
 * transaction for a whole busy second would hold every used key until it
 * commits and make rolls wait for it under load. A chunk that fails does not
 * stop the others; the first error is reported after all were tried.
 */
async function writeInChunks(batch: [string, Pending][]): Promise<void> {
  let failure: unknown = null;
  for (let i = 0; i < batch.length; i += KEYS_PER_TRANSACTION) {
    const chunk = batch.slice(i, i + KEYS_PER_TRANSACTION);
    await db.$transaction((tx) => writeBatch(tx, chunk), { timeout: 30_000 }).catch((err: unknown) => {
      failure ??= err;
    });
  }
  if (failure) throw failure;
}

export function recordKeyUse(keyId: string, ip: string | null, at = new Date()): void {
  buffer.update(keyId, (pending) => {
    const entry = pending ?? { at, ip, count: new Map(), ips: new Map() };
    entry.at = at;
    entry.ip = ip;
    const second = Math.floor(at.getTime() / 1000) * 1000;
    entry.count.set(second, (entry.count.get(second) ?? 0) + 1);
    if (ip) {
      const seen = entry.ips.get(ip);
      if (seen) {
        seen.last = at;
        seen.count += 1;
      } else if (entry.ips.size < MAX_IPS_PER_FLUSH) {
        entry.ips.set(ip, { first: at, last: at, count: 1 });
      }
    }
    return entry;
  });
}

/** Writes buffered usage now. Safe to call at any time; concurrent calls share one flush. */
export const flushKeyUsage = buffer.flush;

/**
 * One transaction per chunk of keys: each key's counts, last use, seen IPs
 * and any new-IP audit events commit together, so an alert is never raised
 * for an IP that was not recorded (nor an IP recorded without its alert).
 */
async function writeBatch(tx: Tx, batch: [string, Pending][]): Promise<void> {
  const keys = await tx.apiKey.findMany({
    where: { id: { in: batch.map(([id]) => id) } },
    select: { id: true, merchantId: true, prefix: true, name: true, environment: true, replacedById: true },
  });
  const byId = new Map(keys.map((k) => [k.id, k]));
  const live = batch.filter(([id]) => byId.has(id));
  // A rolled key's roll time is its successor's creation.
  const successorIds = keys.flatMap((k) => (k.replacedById ? [k.replacedById] : []));
  const rolledAt = new Map(
    successorIds.length
      ? (await tx.apiKey.findMany({ where: { id: { in: successorIds } }, select: { id: true, createdAt: true } })).map((s) => [
          s.id,
          s.createdAt.getTime(),
        ])
      : [],
  );

  // Which (key, ip) pairs are already known, and which keys have any IP at all:
  // two reads for the whole batch instead of one per pair.
  const withIps = live.filter(([, e]) => e.ips.size > 0);
  const known = withIps.length
    ? await tx.apiKeySeenIp.findMany({
        where: { OR: withIps.map(([keyId, e]) => ({ keyId, ip: { in: [...e.ips.keys()] } })) },
        select: { keyId: true, ip: true },
      })
    : [];
  const knownPairs = new Set(known.map((r) => `${r.keyId} ${r.ip}`));
  const keysWithHistory = withIps.length
    ? new Set(
        (
          await tx.apiKeySeenIp.findMany({
            where: { keyId: { in: withIps.map(([id]) => id) } },
            distinct: ["keyId"],
            select: { keyId: true },
          })
        ).map((r) => r.keyId),
      )
    : new Set<string>();

  for (const [keyId, entry] of live) {
    const successorId = byId.get(keyId)!.replacedById;
    const buckets = bucketsFor(entry.count, successorId ? rolledAt.get(successorId) : undefined);
    for (const [hour, count] of buckets) {
      await tx.apiKeyUsage.upsert({
        where: { keyId_hour: { keyId, hour: new Date(hour) } },
        create: { keyId, hour: new Date(hour), count },
        update: { count: { increment: count } },
      });
    }
    // Oldest first, so that a key's very first IP is the baseline and not an alert.
    const ips = [...entry.ips].sort(([, a], [, b]) => a.first.getTime() - b.first.getTime());
    let hasHistory = keysWithHistory.has(keyId);
    for (const [ip, seen] of ips) {
      const isNew = !knownPairs.has(`${keyId} ${ip}`);
      // Upsert rather than create: another server flushing the same pair must not fail this batch.
      await tx.apiKeySeenIp.upsert({
        where: { keyId_ip: { keyId, ip } },
        create: { keyId, ip, firstSeenAt: seen.first, lastSeenAt: seen.last, count: seen.count },
        update: { lastSeenAt: seen.last, count: { increment: seen.count } },
      });
      if (isNew && hasHistory) {
        const key = byId.get(keyId)!;
        await recordAudit(tx, null, {
          merchantId: key.merchantId,
          action: NEW_IP_ACTION,
          targetType: "api_key",
          targetId: keyId,
          changes: { ip, firstSeenAt: seen.first.toISOString(), name: key.name, prefix: key.prefix, environment: key.environment },
        });
      }
      hasHistory = true;
    }
  }
  // The keys' own rows last: requests that lock a key (a roll, a revoke) wait only for the commit, not the whole batch.
  for (const [keyId, entry] of live) {
    await tx.apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: entry.at, lastUsedIp: entry.ip } });
  }
}

/** Sums per-second counts into hourly buckets; from a roll on, its hour's requests go to a bucket at the roll time. */
function bucketsFor(perSecond: Map<number, number>, rolledAt: number | undefined): Map<number, number> {
  const buckets = new Map<number, number>();
  const rolledSecond = rolledAt === undefined ? undefined : Math.floor(rolledAt / 1000) * 1000;
  for (const [second, count] of perSecond) {
    const hour = Math.floor(second / HOUR_MS) * HOUR_MS;
    const bucket = rolledAt !== undefined && second >= rolledSecond! && hour < rolledAt ? rolledAt : hour;
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + count);
  }
  return buckets;
}
