import "server-only";
import { db } from "@/lib/db";

/**
 * Requests refused by a key's IP allowlist, recorded off the request path:
 * buffered per key and written about once a second as one update per key
 * (last denied time and IP, count incremented by the batch). A flood of
 * refused requests costs a write per key per second, not per request.
 */
type PendingDenial = { at: Date; ip: string | null; count: number };
type DenialState = { pending: Map<string, PendingDenial>; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };

const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFERED_KEYS = 1000;

const g = globalThis as unknown as { keywardDenials?: DenialState };
const state: DenialState = (g.keywardDenials ??= { pending: new Map(), timer: null, flushing: null });

export function recordKeyDenial(keyId: string, ip: string | null, at = new Date()): void {
  const entry = state.pending.get(keyId);
  if (entry) {
    entry.at = at;
    entry.ip = ip;
    entry.count += 1;
  } else state.pending.set(keyId, { at, ip, count: 1 });
  if (state.pending.size >= MAX_BUFFERED_KEYS) void flushKeyDenials();
  else if (!state.timer) {
    state.timer = setTimeout(() => void flushKeyDenials(), FLUSH_INTERVAL_MS);
    state.timer.unref?.();
  }
}

/** Writes buffered denials now; concurrent calls share one flush. */
export async function flushKeyDenials(): Promise<void> {
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
      await db.$transaction(async (tx) => {
        for (const [keyId, d] of batch) {
          await tx.apiKey.updateMany({
            where: { id: keyId },
            data: { lastDeniedAt: d.at, lastDeniedIp: d.ip, deniedCount: { increment: d.count } },
          });
        }
      });
    } catch (err) {
      // Best effort, like usage: the refusal itself has already been answered.
      console.error("keyward: could not record refused key uses:", err instanceof Error ? err.message : "unknown error");
    }
  })();
  try {
    await state.flushing;
  } finally {
    state.flushing = null;
  }
}
