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

type State<V> = {
  pending: Map<string, V>;
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  /** Failed writes in a row, per key whose entry went back into `pending`. */
  failures: Map<string, number>;
};

/** Writes of one entry tried before it is given up (about a second apart). */
const MAX_ATTEMPTS = 5;

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
  /**
   * Merges an entry whose write failed into what arrived since, so that a
   * slice refused by a busy or briefly unreachable database is written with
   * the next flush instead of lost. Without it a failed slice is dropped.
   */
  combine?: (failed: V, newer: V) => V;
}): WriteBehind<V> {
  const intervalMs = options.intervalMs ?? 1000;
  const maxKeys = options.maxKeys ?? 1000;
  const sliceKeys = options.sliceKeys ?? 100;
  const g = globalThis as unknown as Record<string, State<V> | undefined>;
  const state: State<V> = (g[`keyward:${options.name}`] ??= {
    pending: new Map(),
    timer: null,
    flushing: null,
    failures: new Map(),
  });

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
   * request for its whole length. A slice that fails is logged, put back
   * for the next flush (see `combine`), and the others are still written.
   */
  async function writeInSlices(batch: [string, V][]): Promise<void> {
    for (let start = 0; start < batch.length; start += sliceKeys) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const slice = batch.slice(start, start + sliceKeys);
      await options.write(slice).then(
        () => {
          if (state.failures.size) for (const [key] of slice) state.failures.delete(key);
        },
        (err: unknown) => {
          logger.error(errorFields(err), options.failure);
          retryLater(slice);
        },
      );
    }
  }

  function retryLater(slice: [string, V][]): void {
    const combine = options.combine;
    if (!combine) return;
    let dropped = 0;
    for (const [key, value] of slice) {
      const failures = (state.failures.get(key) ?? 0) + 1;
      if (failures >= MAX_ATTEMPTS) {
        state.failures.delete(key);
        dropped += 1;
        continue;
      }
      state.failures.set(key, failures);
      const newer = state.pending.get(key);
      state.pending.set(key, newer === undefined ? value : combine(value, newer));
    }
    if (dropped) logger.error({ dropped, attempts: MAX_ATTEMPTS }, `${options.failure}: gave up`);
    schedule();
  }

  function schedule(): void {
    if (state.timer || state.pending.size === 0) return;
    state.timer = setTimeout(() => void flush(), intervalMs);
    state.timer.unref?.();
  }

  function update(key: string, merge: (pending: V | undefined) => V): void {
    state.pending.set(key, merge(state.pending.get(key)));
    if (state.pending.size >= maxKeys) void flush();
    else schedule();
  }

  return { update, flush };
}
