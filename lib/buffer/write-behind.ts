import "server-only";
import { errorFields, logger } from "@/lib/log/logger.mjs";

/**
 * A per-process write-behind buffer: entries are merged in memory per key and
 * handed to `write` in one batch about once a second (or at once when too
 * many keys wait). Used for what is recorded off the request path (key use,
 * refused uses), where losing a second of counts beats failing requests.
 * The state lives on globalThis so that module copies in one process share it.
 */
export type WriteBehind<V> = {
  /** Merges a change into the key's pending entry and schedules a flush. */
  update(key: string, merge: (pending: V | undefined) => V): void;
  /** Writes what is pending now; concurrent calls share one flush. */
  flush(): Promise<void>;
};

type State<V> = { pending: Map<string, V>; timer: NodeJS.Timeout | null; flushing: Promise<void> | null };

export function writeBehind<V>(options: {
  /** Names the process-wide state. */
  name: string;
  write: (batch: [string, V][]) => Promise<void>;
  /** Logged (with the error's message, never its data) when a batch cannot be written. */
  failure: string;
  intervalMs?: number;
  maxKeys?: number;
  /** Keys per transaction. */
  sliceKeys?: number;
}): WriteBehind<V> {
  const intervalMs = options.intervalMs ?? 1000;
  const maxKeys = options.maxKeys ?? 1000;
  const sliceKeys = options.sliceKeys ?? 100;
  const g = globalThis as unknown as Record<string, State<V> | undefined>;
  const state: State<V> = (g[`keyward:${options.name}`] ??= { pending: new Map(), timer: null, flushing: null });

  async function flush(): Promise<void> {
    if (state.timer) {
      clearTimeout(state.timer);
      state.timer = null;
    }
    if (state.flushing) await state.flushing;
    if (state.pending.size === 0) return;
    // In key order on every instance: two instances flushing at once lock the
    // same rows in the same order, so their transactions wait for each other
    // instead of deadlocking (and losing a batch).
    const batch = [...state.pending.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    state.pending.clear();
    state.flushing = writeInSlices(batch);
    try {
      await state.flushing;
    } finally {
      state.flushing = null;
    }
  }

  /**
   * SQLite's driver is synchronous: a write holds the event loop until it
   * commits. Slices of keys, each its own transaction with a turn of the
   * event loop between them, keep a thousand keys' flush from stalling every
   * request for its whole length. A slice that fails is logged and the
   * others are still written.
   */
  async function writeInSlices(batch: [string, V][]): Promise<void> {
    for (let start = 0; start < batch.length; start += sliceKeys) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      await options.write(batch.slice(start, start + sliceKeys)).catch((err: unknown) => {
        logger.error(errorFields(err), options.failure);
      });
    }
  }

  function update(key: string, merge: (pending: V | undefined) => V): void {
    state.pending.set(key, merge(state.pending.get(key)));
    if (state.pending.size >= maxKeys) void flush();
    else if (!state.timer) {
      state.timer = setTimeout(() => void flush(), intervalMs);
      state.timer.unref?.();
    }
  }

  return { update, flush };
}
