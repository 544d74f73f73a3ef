import "server-only";
import { db, type Tx } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record";
import { writeBehind } from "@/lib/buffer/write-behind";
import { databaseKind } from "@/lib/db/url";

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
  // 25 keys per transaction: each slice holds the event loop for a few milliseconds, so
  // a flush of a thousand keys in use adds little to any request's latency.
  sliceKeys: 25,
  write: (batch) => db.$transaction((tx) => writeBatch(tx, batch), { timeout: 30_000 }),
  combine: (failed, newer) => {
    for (const [second, count] of failed.count) newer.count.set(second, (newer.count.get(second) ?? 0) + count);
    for (const [ip, old] of failed.ips) {
      const seen = newer.ips.get(ip);
      if (seen) {
        seen.first = old.first;
        seen.count += old.count;
      } else if (newer.ips.size < MAX_IPS_PER_FLUSH) {
        newer.ips.set(ip, old);
      }
    }
    return newer;
  },
});

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
 * One transaction per slice of a flush (a hundred keys): a key's counts, last
 * use, seen IPs and any new-IP audit events commit together, so an alert is never raised for an IP that was not
 * recorded (nor an IP recorded without its alert). With a thousand keys in
 * use every flush touches a thousand keys: the writes are a few multi-row
 * statements per slice, not a few ORM queries per key.
 */
async function writeBatch(tx: Tx, batch: [string, Pending][]): Promise<void> {
  const keys = await tx.apiKey.findMany({
    where: { id: { in: batch.map(([id]) => id) } },
    select: { id: true, merchantId: true, prefix: true, name: true, environment: true, replacedById: true },
  });
  const byId = new Map(keys.map((k) => [k.id, k]));
  // Sorted by key, so two servers flushing the same keys lock rows in the same order (no deadlock).
  const live = batch.filter(([id]) => byId.has(id)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
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
  const withIpIds = withIps.map(([id]) => id);
  const known = withIps.length
    ? await tx.apiKeySeenIp.findMany({
        where: { keyId: { in: withIpIds }, ip: { in: [...new Set(withIps.flatMap(([, e]) => [...e.ips.keys()]))] } },
        select: { keyId: true, ip: true },
      })
    : [];
  const knownPairs = new Set(known.map((r) => `${r.keyId} ${r.ip}`));
  const keysWithHistory = withIps.length
    ? new Set(
        (await tx.apiKeySeenIp.findMany({ where: { keyId: { in: withIpIds } }, distinct: ["keyId"], select: { keyId: true } })).map(
          (r) => r.keyId,
        ),
      )
    : new Set<string>();

  const usage: [string, Date, number][] = [];
  const seen: [string, string, Date, Date, number][] = [];
  const alerts: [string, string, SeenIp][] = [];
  for (const [keyId, entry] of live) {
    const successorId = byId.get(keyId)!.replacedById;
    for (const [hour, count] of bucketsFor(entry.count, successorId ? rolledAt.get(successorId) : undefined)) {
      usage.push([keyId, new Date(hour), count]);
    }
    // Oldest first, so that a key's very first IP is the baseline and not an alert.
    const ips = [...entry.ips].sort(([, a], [, b]) => a.first.getTime() - b.first.getTime());
    let hasHistory = keysWithHistory.has(keyId);
    for (const [ip, s] of ips) {
      seen.push([keyId, ip, s.first, s.last, s.count]);
      if (!knownPairs.has(`${keyId} ${ip}`) && hasHistory) alerts.push([keyId, ip, s]);
      hasHistory = true;
    }
  }

  await setLastUse(tx, live.map(([keyId, e]) => [keyId, e.at, e.ip]));
  await upsertRows(tx, "ApiKeyUsage", ["keyId", "hour", "count"], ["keyId", "hour"], `"count" = "ApiKeyUsage"."count" + excluded."count"`, usage);
  // An upsert: another server flushing the same pair must not fail this batch.
  await upsertRows(
    tx,
    "ApiKeySeenIp",
    ["keyId", "ip", "firstSeenAt", "lastSeenAt", "count"],
    ["keyId", "ip"],
    `"lastSeenAt" = excluded."lastSeenAt", "count" = "ApiKeySeenIp"."count" + excluded."count"`,
    seen,
  );
  for (const [keyId, ip, s] of alerts) {
    const key = byId.get(keyId)!;
    await recordAudit(tx, null, {
      merchantId: key.merchantId,
      action: NEW_IP_ACTION,
      targetType: "api_key",
      targetId: keyId,
      changes: { ip, firstSeenAt: s.first.toISOString(), name: key.name, prefix: key.prefix, environment: key.environment },
    });
  }
}

/** Rows per statement: well under SQLite's and PostgreSQL's limits on bound parameters. */
const ROWS_PER_STATEMENT = 300;

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) out.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return out;
}

/** Positional parameters: "?" on SQLite, "$n" (with a type where PostgreSQL cannot infer one) on PostgreSQL. */
function placeholders(rows: number, types: (string | null)[]): string {
  const pg = databaseKind() === "postgresql";
  let n = 0;
  return Array.from({ length: rows }, () => `(${types.map((t) => (pg ? `$${++n}${t ? `::${t}` : ""}` : "?")).join(", ")})`).join(", ");
}

/** INSERT … ON CONFLICT DO UPDATE for many rows at once (both databases speak it). */
async function upsertRows(tx: Tx, table: string, columns: string[], conflict: string[], update: string, rows: unknown[][]): Promise<void> {
  const list = columns.map((c) => `"${c}"`).join(", ");
  for (const chunk of chunks(rows)) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${list}) VALUES ${placeholders(chunk.length, columns.map(() => null))} ON CONFLICT (${conflict.map((c) => `"${c}"`).join(", ")}) DO UPDATE SET ${update}`,
      ...chunk.flat(),
    );
  }
}

/** Each key's last use and its IP, for many keys in one statement. */
async function setLastUse(tx: Tx, rows: [string, Date, string | null][]): Promise<void> {
  for (const chunk of chunks(rows)) {
    await tx.$executeRawUnsafe(
      `WITH v("id", "at", "ip") AS (VALUES ${placeholders(chunk.length, ["text", "timestamp(3)", "text"])}) ` +
        `UPDATE "ApiKey" SET "lastUsedAt" = v."at", "lastUsedIp" = v."ip" FROM v WHERE "ApiKey"."id" = v."id"`,
      ...chunk.flat(),
    );
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
