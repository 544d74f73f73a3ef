import "server-only";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import type { Prisma } from "@/lib/generated/sqlite/client";
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
/** Events raised per run at most, so one run stays short; the next run carries on (the raised ones are skipped). */
const MAX_PER_RUN = 2000;
const SYSTEM: EventActor = { type: "system", id: "system", label: "Keyward" };

type KeyRow = { id: string; merchantId: string; name: string; prefix: string; type: string; environment: string; expiresAt: Date | null };

const keySelect = { id: true, merchantId: true, name: true, prefix: true, type: true, environment: true, expiresAt: true } as const;

function keyObject(k: KeyRow) {
  return { type: "api_key", id: k.id, name: k.name, prefix: k.prefix, key_type: k.type, environment: k.environment };
}

type Candidate = { key: KeyRow; type: EventType; dedupeKey: string; extra: Record<string, unknown> };

/** Raises the event; false when another run or instance raised it first. */
async function raise(c: Candidate, at: Date): Promise<boolean> {
  try {
    await db.$transaction((tx) =>
      enqueueEvent(tx, {
        merchantId: c.key.merchantId,
        environment: c.key.environment === "live" ? "live" : "test",
        type: c.type,
        occurredAt: at,
        dedupeKey: c.dedupeKey,
        data: { object: keyObject(c.key), actor: SYSTEM, ...c.extra },
      }),
    );
    return true;
  } catch (err) {
    if (isUniqueViolation(err)) return false;
    throw err;
  }
}

/** Raises the candidates not raised yet: one query finds those already raised. */
async function raiseNew(candidates: Candidate[], at: Date): Promise<number> {
  if (candidates.length === 0) return 0;
  const done = new Set(
    (
      await db.outboxEvent.findMany({
        where: { dedupeKey: { in: candidates.map((c) => c.dedupeKey) } },
        select: { dedupeKey: true },
      })
    ).map((e) => e.dedupeKey),
  );
  let raised = 0;
  for (const c of candidates) if (!done.has(c.dedupeKey) && (await raise(c, at))) raised++;
  return raised;
}

/**
 * Every key matching `where`, a page at a time (by id), so that keys already
 * announced never crowd out the ones still to announce.
 */
const pageSelect = { ...keySelect, replacedById: true, lastUsedAt: true, lastUsedIp: true } as const;

async function* pages(where: Prisma.ApiKeyWhereInput, merchantId?: string) {
  let after: string | undefined;
  for (;;) {
    const rows = await db.apiKey.findMany({
      where: { ...where, ...(merchantId ? { merchantId } : {}), ...(after ? { id: { gt: after } } : {}) },
      select: pageSelect,
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (rows.length) yield rows;
    if (rows.length < BATCH) return;
    after = rows.at(-1)!.id;
  }
}

/** `merchantId` limits a run to one merchant (tests on a shared database). */
export async function raiseScheduledKeyEvents(at = now(), merchantId?: string): Promise<number> {
  const t = at.getTime();
  let raised = 0;

  // Expiring: the nearest threshold only (a key made to expire in 2 hours gets the 1-day notice, not both).
  for await (const rows of pages(
    { revokedAt: null, replacedById: null, refreshable: false, expiresAt: { gt: at, lte: new Date(t + 7 * DAY_MS) } },
    merchantId,
  )) {
    if (raised >= MAX_PER_RUN) return raised;
    raised += await raiseNew(
      rows.map((k) => {
        const days = k.expiresAt!.getTime() - t <= DAY_MS ? 1 : 7;
        return {
          key: k,
          type: "api_key.expiring" as const,
          dedupeKey: `api_key.expiring:${days}d:${k.id}:${k.expiresAt!.getTime()}`,
          extra: { expires_at: k.expiresAt!.toISOString(), days_before: days },
        };
      }),
      at,
    );
  }

  for await (const rows of pages({ revokedAt: null, refreshable: false, expiresAt: { lte: at, gt: new Date(t - EXPIRED_LOOKBACK_MS) } }, merchantId)) {
    if (raised >= MAX_PER_RUN) return raised;
    raised += await raiseNew(
      rows.map((k) => ({
        key: k,
        type: "api_key.expired" as const,
        dedupeKey: `api_key.expired:${k.id}:${k.expiresAt!.getTime()}`,
        extra: { expired_at: k.expiresAt!.toISOString() },
      })),
      at,
    );
  }

  // Old secrets of rolls ending within the hour, used within that last hour after the roll.
  for await (const ending of pages(
    { revokedAt: null, replacedById: { not: null }, expiresAt: { gt: at, lte: new Date(t + HOUR_MS) }, lastUsedAt: { not: null } },
    merchantId,
  )) {
    if (raised >= MAX_PER_RUN) return raised;
    const successors = await db.apiKey.findMany({
      where: { id: { in: ending.map((k) => k.replacedById!) } },
      select: { id: true, createdAt: true },
    });
    const rolledAt = new Map(successors.map((s) => [s.id, s.createdAt.getTime()]));
    const candidates: Candidate[] = [];
    for (const k of ending) {
      const since = Math.max(rolledAt.get(k.replacedById!) ?? Infinity, k.expiresAt!.getTime() - HOUR_MS);
      if (k.lastUsedAt!.getTime() < since) continue;
      candidates.push({
        key: k,
        type: "api_key.rotation_still_in_use",
        dedupeKey: `api_key.rotation_still_in_use:${k.id}:${k.expiresAt!.getTime()}`,
        extra: {
          successor: k.replacedById,
          expires_at: k.expiresAt!.toISOString(),
          last_used_at: k.lastUsedAt!.toISOString(),
          last_used_ip: k.lastUsedIp,
        },
      });
    }
    raised += await raiseNew(candidates, at);
  }
  return raised;
}
