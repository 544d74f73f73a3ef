import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { enqueueEvent, type EventActor } from "./outbox";
import type { EventType } from "./types";

/**
 * Events raised by time and traffic rather than by a change: a key about to
 * expire (7 days and 1 day before), a key that expired, and a rolled key's
 * old secret still used within an hour of its deadline. Run periodically;
 * each occurrence is raised once whatever the number of runs or instances
 * (a unique dedupe key per key, threshold and deadline).
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Keys that expired longer ago than this when first seen (a fresh install, a long outage) are not announced. */
const EXPIRED_LOOKBACK_MS = DAY_MS;
const BATCH = 500;
const SYSTEM: EventActor = { type: "system", id: "system", label: "Keyward" };

type KeyRow = { id: string; merchantId: string; name: string; prefix: string; type: string; environment: string; expiresAt: Date | null };

const keySelect = { id: true, merchantId: true, name: true, prefix: true, type: true, environment: true, expiresAt: true } as const;

function keyObject(k: KeyRow) {
  return { type: "api_key", id: k.id, name: k.name, prefix: k.prefix, key_type: k.type, environment: k.environment };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "P2002";
}

/** Raises the event unless one with this dedupe key exists; true when raised now. */
async function raiseOnce(k: KeyRow, type: EventType, dedupeKey: string, at: Date, extra: Record<string, unknown>): Promise<boolean> {
  if (await db.outboxEvent.findUnique({ where: { dedupeKey }, select: { id: true } })) return false;
  try {
    await db.$transaction((tx) =>
      enqueueEvent(tx, {
        merchantId: k.merchantId,
        environment: k.environment === "live" ? "live" : "test",
        type,
        occurredAt: at,
        dedupeKey,
        data: { object: keyObject(k), actor: SYSTEM, ...extra },
      }),
    );
    return true;
  } catch (err) {
    // Another instance raised it first.
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

export async function raiseScheduledKeyEvents(at = now()): Promise<number> {
  const t = at.getTime();
  let raised = 0;

  // Expiring: the nearest threshold only (a key made to expire in 2 hours gets the 1-day notice, not both).
  const expiring = await db.apiKey.findMany({
    where: { revokedAt: null, replacedById: null, refreshable: false, expiresAt: { gt: at, lte: new Date(t + 7 * DAY_MS) } },
    select: keySelect,
    orderBy: { expiresAt: "asc" },
    take: BATCH,
  });
  for (const k of expiring) {
    const left = k.expiresAt!.getTime() - t;
    const days = left <= DAY_MS ? 1 : 7;
    const key = `api_key.expiring:${days}d:${k.id}:${k.expiresAt!.getTime()}`;
    if (await raiseOnce(k, "api_key.expiring", key, at, { expires_at: k.expiresAt!.toISOString(), days_before: days })) raised++;
  }

  const expired = await db.apiKey.findMany({
    where: { revokedAt: null, refreshable: false, expiresAt: { lte: at, gt: new Date(t - EXPIRED_LOOKBACK_MS) } },
    select: keySelect,
    orderBy: { expiresAt: "asc" },
    take: BATCH,
  });
  for (const k of expired) {
    const key = `api_key.expired:${k.id}:${k.expiresAt!.getTime()}`;
    if (await raiseOnce(k, "api_key.expired", key, at, { expired_at: k.expiresAt!.toISOString() })) raised++;
  }

  // Old secrets of rolls ending within the hour, used within that last hour after the roll.
  const ending = await db.apiKey.findMany({
    where: {
      revokedAt: null,
      replacedById: { not: null },
      expiresAt: { gt: at, lte: new Date(t + HOUR_MS) },
      lastUsedAt: { not: null },
    },
    select: { ...keySelect, replacedById: true, lastUsedAt: true, lastUsedIp: true },
    take: BATCH,
  });
  if (ending.length) {
    const successors = await db.apiKey.findMany({
      where: { id: { in: ending.map((k) => k.replacedById!) } },
      select: { id: true, createdAt: true },
    });
    const rolledAt = new Map(successors.map((s) => [s.id, s.createdAt.getTime()]));
    for (const k of ending) {
      const rolled = rolledAt.get(k.replacedById!);
      const since = Math.max(rolled ?? Infinity, k.expiresAt!.getTime() - HOUR_MS);
      if (k.lastUsedAt!.getTime() < since) continue;
      const key = `api_key.rotation_still_in_use:${k.id}:${k.expiresAt!.getTime()}`;
      const extra = {
        successor: k.replacedById,
        expires_at: k.expiresAt!.toISOString(),
        last_used_at: k.lastUsedAt!.toISOString(),
        last_used_ip: k.lastUsedIp,
      };
      if (await raiseOnce(k, "api_key.rotation_still_in_use", key, at, extra)) raised++;
    }
  }
  return raised;
}
