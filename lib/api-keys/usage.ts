import "server-only";
import { db } from "@/lib/db";

/**
 * Records key usage off the request path: authentications are buffered in
 * memory and written in one batch about once a second, so a busy key costs
 * one write per flush rather than one per request.
 */
type Pending = { at: Date; ip: string | null; count: Map<number, number> };

const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED_KEYS = 1000;
const HOUR_MS = 3_600_000;

type UsageState = { pending: Map<string, Pending>; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };
const g = globalThis as unknown as { keywardUsage?: UsageState };
const state: UsageState = (g.keywardUsage ??= { pending: new Map(), timer: null, flushing: null });

export function recordKeyUse(keyId: string, ip: string | null, at = new Date()): void {
  const entry = state.pending.get(keyId) ?? { at, ip, count: new Map() };
  entry.at = at;
  entry.ip = ip;
  const hour = Math.floor(at.getTime() / HOUR_MS) * HOUR_MS;
  entry.count.set(hour, (entry.count.get(hour) ?? 0) + 1);
  state.pending.set(keyId, entry);
  if (state.pending.size >= MAX_BUFFERED_KEYS) void flushKeyUsage();
  else if (!state.timer) {
    state.timer = setTimeout(() => void flushKeyUsage(), FLUSH_INTERVAL_MS);
    state.timer.unref?.();
  }
}

/** Writes buffered usage now. Safe to call at any time; concurrent calls share one flush. */
export async function flushKeyUsage(): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer);
    state.timer = null;
  }
  if (state.flushing) await state.flushing;
  if (state.pending.size === 0) return;
  const batch = [...state.pending.entries()];
  state.pending.clear();
  state.flushing = (async () => {
    try {
      await db.$transaction(
        batch.flatMap(([keyId, entry]) => [
          db.apiKey.updateMany({ where: { id: keyId }, data: { lastUsedAt: entry.at, lastUsedIp: entry.ip } }),
          ...[...entry.count].map(([hour, count]) =>
            db.apiKeyUsage.upsert({
              where: { keyId_hour: { keyId, hour: new Date(hour) } },
              create: { keyId, hour: new Date(hour), count },
              update: { count: { increment: count } },
            }),
          ),
        ]),
      );
    } catch (err) {
      // Usage is best effort: losing a second of counts beats failing requests.
      console.error("keyward: could not record key usage:", err instanceof Error ? err.message : "unknown error");
    }
  })();
  try {
    await state.flushing;
  } finally {
    state.flushing = null;
  }
}
