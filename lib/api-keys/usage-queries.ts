import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { ServiceError } from "@/lib/errors";
import { getApiKey, type ApiKeyView } from "./service";

/**
 * Reads of the hourly usage rows written by the usage recorder. Days are
 * summed here from hourly rows (UTC), so the same code serves SQLite and
 * PostgreSQL without date functions in SQL.
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type UsagePoint = { start: Date; count: number };
type HourRow = { hour: Date; count: number };

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

/** Adds rows into consecutive buckets of `step` ms, the last one containing `at`; missing buckets are zero. */
export function bucketUsage(rows: HourRow[], at: Date, step: number, buckets: number): UsagePoint[] {
  const last = floorTo(at.getTime(), step);
  const first = last - (buckets - 1) * step;
  const counts = new Array<number>(buckets).fill(0);
  for (const row of rows) {
    const i = Math.floor((row.hour.getTime() - first) / step);
    if (i >= 0 && i < buckets) counts[i]! += row.count;
  }
  return counts.map((count, i) => ({ start: new Date(first + i * step), count }));
}

export type KeyUsageSeries = {
  /** The last 24 hours, one point per hour, oldest first; the last one is the current hour. */
  hourly: UsagePoint[];
  /** The last 30 days (UTC), one point per day, oldest first; the last one is today. */
  daily: UsagePoint[];
  total24h: number;
  total30d: number;
};

export async function getKeyUsageSeries(actor: Actor, keyId: string, at = now()): Promise<KeyUsageSeries> {
  const key = await getApiKey(actor, keyId);
  const since = floorTo(at.getTime(), DAY_MS) - 29 * DAY_MS;
  const rows = await db.apiKeyUsage.findMany({
    where: { keyId: key.id, key: { merchantId: actor.merchantId }, hour: { gte: new Date(since) } },
    select: { hour: true, count: true },
  });
  const hourly = bucketUsage(rows, at, HOUR_MS, 24);
  const daily = bucketUsage(rows, at, DAY_MS, 30);
  const sum = (points: UsagePoint[]) => points.reduce((n, p) => n + p.count, 0);
  return { hourly, daily, total24h: sum(hourly), total30d: sum(daily) };
}

export type KeySparkline = {
  /** Requests per hour over the last 24 hours, oldest first; the last one is the current hour. */
  hourly: number[];
  total: number;
};

/**
 * The last 24 hours of every key of a list page, one point per hour, in one
 * query: the same hourly rows and buckets as the key page's chart. Only the
 * caller's merchant's rows are read; a key without requests gets 24 zeros.
 */
export async function getKeysHourlyUsage(actor: Actor, keys: { id: string }[], at = now()): Promise<Record<string, KeySparkline>> {
  if (keys.length === 0) return {};
  const since = new Date(floorTo(at.getTime(), HOUR_MS) - 23 * HOUR_MS);
  const rows = await db.apiKeyUsage.findMany({
    where: { keyId: { in: keys.map((k) => k.id) }, key: { merchantId: actor.merchantId }, hour: { gte: since } },
    select: { keyId: true, hour: true, count: true },
  });
  const byKey = new Map<string, { hour: Date; count: number }[]>();
  for (const row of rows) {
    const list = byKey.get(row.keyId) ?? [];
    list.push(row);
    byKey.set(row.keyId, list);
  }
  const result: Record<string, KeySparkline> = {};
  for (const key of keys) {
    const hourly = bucketUsage(byKey.get(key.id) ?? [], at, HOUR_MS, 24).map((p) => p.count);
    result[key.id] = { hourly, total: hourly.reduce((n, c) => n + c, 0) };
  }
  return result;
}

export type SeenIpView = { ip: string; firstSeenAt: Date; lastSeenAt: Date; count: number };

/** The IPs a key has been used from, most recently seen first. */
export async function listKeySeenIps(
  actor: Actor,
  keyId: string,
  opts: { take?: number; since?: Date } = {},
): Promise<{ items: SeenIpView[]; total: number }> {
  const key = await getApiKey(actor, keyId);
  const where = {
    keyId: key.id,
    key: { merchantId: actor.merchantId },
    ...(opts.since ? { lastSeenAt: { gte: opts.since } } : {}),
  };
  const [items, total] = await Promise.all([
    db.apiKeySeenIp.findMany({
      where,
      orderBy: [{ lastSeenAt: "desc" }, { ip: "asc" }],
      take: Math.min(Math.max(opts.take ?? 50, 1), 200),
      select: { ip: true, firstSeenAt: true, lastSeenAt: true, count: true },
    }),
    db.apiKeySeenIp.count({ where }),
  ]);
  return { items, total };
}

export type RollTraffic = {
  successorId: string;
  /** When the key was rolled: its successor's creation. */
  rolledAt: Date;
  /** Whether the old secret authenticated any request after the roll. */
  inUse: boolean;
  /** Requests since the roll (the recorder splits the hour of the roll at the roll); 0 when not in use. */
  requests: number;
  /** Requests in the current and previous hour buckets since the roll. */
  recentRequests: number;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  /** IPs seen after the roll (up to 5), most recent first, and how many there are. */
  ips: string[];
  ipCount: number;
  graceEndsAt: Date | null;
};

/**
 * Traffic of rolled keys since their roll ("is anyone still using the old
 * secret?"), for keys the caller already loaded through the key service.
 * Keys that were not rolled are left out of the result.
 */
export async function getRollTraffic(actor: Actor, keys: ApiKeyView[], at = now()): Promise<Record<string, RollTraffic>> {
  const rolled = keys.filter((k) => k.replacedById && k.status === "expiring");
  if (rolled.length === 0) return {};
  const successors = await db.apiKey.findMany({
    where: { id: { in: rolled.map((k) => k.replacedById!) }, merchantId: actor.merchantId },
    select: { id: true, createdAt: true },
  });
  const rolledAt = new Map(successors.map((s) => [s.id, s.createdAt]));
  const withRoll = rolled.filter((k) => rolledAt.has(k.replacedById!));
  const inUse = withRoll.filter((k) => k.lastUsedAt && k.lastUsedAt > rolledAt.get(k.replacedById!)!);
  const ipWhere = {
    key: { merchantId: actor.merchantId },
    OR: inUse.map((k) => ({ keyId: k.id, lastSeenAt: { gt: rolledAt.get(k.replacedById!)! } })),
  };
  const [usage, ips, ipCounts] = inUse.length
    ? await Promise.all([
        db.apiKeyUsage.findMany({
          where: {
            key: { merchantId: actor.merchantId },
            OR: inUse.map((k) => ({ keyId: k.id, hour: { gte: rolledAt.get(k.replacedById!)! } })),
          },
          select: { keyId: true, hour: true, count: true },
        }),
        db.apiKeySeenIp.findMany({
          where: ipWhere,
          orderBy: [{ lastSeenAt: "desc" }, { ip: "asc" }],
          take: 500,
          select: { keyId: true, ip: true },
        }),
        db.apiKeySeenIp.groupBy({ by: ["keyId"], where: ipWhere, _count: { _all: true } }),
      ])
    : [[], [], []];
  const ipCount = new Map(ipCounts.map((c) => [c.keyId, c._count._all]));
  const recentFrom = floorTo(at.getTime(), HOUR_MS) - HOUR_MS;
  const result: Record<string, RollTraffic> = {};
  for (const key of withRoll) {
    const rollTime = rolledAt.get(key.replacedById!)!;
    const used = Boolean(key.lastUsedAt && key.lastUsedAt > rollTime);
    const rows = used ? usage.filter((u) => u.keyId === key.id) : [];
    const keyIps = used ? ips.filter((i) => i.keyId === key.id).map((i) => i.ip) : [];
    result[key.id] = {
      successorId: key.replacedById!,
      rolledAt: rollTime,
      inUse: used,
      requests: rows.reduce((n, r) => n + r.count, 0),
      recentRequests: rows.filter((r) => r.hour.getTime() >= recentFrom).reduce((n, r) => n + r.count, 0),
      lastUsedAt: used ? key.lastUsedAt : null,
      lastUsedIp: used ? key.lastUsedIp : null,
      ips: keyIps.slice(0, 5),
      ipCount: used ? (ipCount.get(key.id) ?? 0) : 0,
      graceEndsAt: key.expiresAt,
    };
  }
  return result;
}

export type KeyTrafficSummary = {
  hourly: UsagePoint[];
  total24h: number;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  /** IPs seen in the last 24 hours (up to 5), most recent first, and how many there are. */
  ips: SeenIpView[];
  ipCount: number;
};

/** A key's last 24 hours, for deciding a grace period or whether revoking is safe. */
export async function getKeyTrafficSummary(actor: Actor, keyId: string, at = now()): Promise<KeyTrafficSummary> {
  const key = await getApiKey(actor, keyId);
  const since = new Date(floorTo(at.getTime(), HOUR_MS) - 23 * HOUR_MS);
  const [rows, seen] = await Promise.all([
    db.apiKeyUsage.findMany({
      where: { keyId: key.id, key: { merchantId: actor.merchantId }, hour: { gte: since } },
      select: { hour: true, count: true },
    }),
    listKeySeenIps(actor, key.id, { take: 5, since: new Date(at.getTime() - DAY_MS) }),
  ]);
  const hourly = bucketUsage(rows, at, HOUR_MS, 24);
  return {
    hourly,
    total24h: hourly.reduce((n, p) => n + p.count, 0),
    lastUsedAt: key.lastUsedAt,
    lastUsedIp: key.lastUsedIp,
    ips: seen.items,
    ipCount: seen.total,
  };
}

export type UsageGranularity = "hour" | "day";
export const USAGE_GRANULARITY_MS: Record<UsageGranularity, number> = { hour: HOUR_MS, day: DAY_MS };
/** The longest range one request may ask for: a week of hours, or the 90 days of usage that are kept. */
export const MAX_USAGE_RANGE_MS: Record<UsageGranularity, number> = { hour: 7 * DAY_MS, day: 90 * DAY_MS };
/** Without `from`, the range the key page charts: the last 24 hours, or the last 30 days. */
export const DEFAULT_USAGE_RANGE_MS: Record<UsageGranularity, number> = { hour: DAY_MS, day: 30 * DAY_MS };

export type UsageRange = { granularity: UsageGranularity; from: Date; to: Date };

const RANGE_LABEL: Record<UsageGranularity, string> = { hour: "7 days with granularity=hour", day: "90 days with granularity=day" };

/**
 * Aligns a requested range to whole buckets (UTC): `from` down to its
 * bucket's start, `to` up to the end of its bucket (exclusive). Missing
 * ends default to what the key page charts, ending with the current bucket.
 * Refuses (validation) a range that is empty or longer than the limit.
 */
export function alignUsageRange(granularity: UsageGranularity, from: Date | undefined, to: Date | undefined, at: Date): UsageRange {
  const step = USAGE_GRANULARITY_MS[granularity];
  const end = to ?? new Date(floorTo(at.getTime(), step) + step);
  const start = from ?? new Date(end.getTime() - DEFAULT_USAGE_RANGE_MS[granularity]);
  if (from && to && from.getTime() >= to.getTime()) {
    throw new ServiceError("validation", "Some fields are invalid", { to: ["to must be after from"] });
  }
  const range = {
    granularity,
    from: new Date(floorTo(start.getTime(), step)),
    to: new Date(Math.ceil(end.getTime() / step) * step),
  };
  if (range.to.getTime() <= range.from.getTime()) {
    throw new ServiceError("validation", "Some fields are invalid", { [from ? "from" : "to"]: ["The range is empty: from must be before to"] });
  }
  if (range.to.getTime() - range.from.getTime() > MAX_USAGE_RANGE_MS[granularity]) {
    throw new ServiceError("validation", "Some fields are invalid", {
      [from ? "from" : "to"]: [`The range is at most ${RANGE_LABEL[granularity]} (whole ${granularity}s, UTC)`],
    });
  }
  return range;
}

export type KeyUsage = UsageRange & { keyId: string; points: UsagePoint[]; total: number };

/** A key's successful requests per hour or per day over an aligned range (see alignUsageRange), oldest first. */
export async function getKeyUsage(actor: Actor, keyId: string, range: UsageRange): Promise<KeyUsage> {
  const key = await getApiKey(actor, keyId);
  const step = USAGE_GRANULARITY_MS[range.granularity];
  const buckets = Math.round((range.to.getTime() - range.from.getTime()) / step);
  const rows = await db.apiKeyUsage.findMany({
    where: { keyId: key.id, key: { merchantId: actor.merchantId }, hour: { gte: range.from, lt: range.to } },
    select: { hour: true, count: true },
  });
  const points = bucketUsage(rows, new Date(range.to.getTime() - 1), step, buckets);
  return { ...range, keyId: key.id, points, total: points.reduce((n, p) => n + p.count, 0) };
}
