import "server-only";
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";
import { postgresPoolConfig } from "@/lib/db/pool-config";
import { databaseKind } from "@/lib/db/url";
import { errorFields, logger } from "@/lib/log/logger.mjs";

/** The outcome of one check against a fixed-window limit. */
export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets (and, when refused, until a retry can succeed). */
  resetMs: number;
};

/**
 * The small interface the API depends on. On PostgreSQL the counters live in
 * the database, shared by every instance (so limits hold behind a load
 * balancer); on SQLite, the embedded single-instance setup, they live in
 * the process. KEYWARD_RATE_LIMIT_STORE=memory|postgres overrides the choice.
 */
export interface RateLimiter {
  readonly limit: number;
  consume(key: string, points?: number): Promise<RateLimitDecision>;
  /** Charges extra points without refusing (e.g. for a failed authentication). */
  penalize(key: string, points: number): Promise<void>;
}

export type LimiterConfig = { name: string; points: number; durationSeconds: number };

type Backend = RateLimiterAbstract | RateLimiterStoreAbstract;

class FlexibleLimiter implements RateLimiter {
  constructor(
    private readonly backend: Backend,
    readonly limit: number,
  ) {}

  async consume(key: string, points = 1): Promise<RateLimitDecision> {
    try {
      const res = await this.backend.consume(key, points);
      return { allowed: true, limit: this.limit, remaining: Math.max(0, res.remainingPoints), resetMs: res.msBeforeNext };
    } catch (err) {
      if (err instanceof RateLimiterRes) {
        return { allowed: false, limit: this.limit, remaining: 0, resetMs: Math.max(1, err.msBeforeNext) };
      }
      // A broken shared store must not take the API down with it: let the request through.
      logger.warn(errorFields(err), "rate-limit store failed");
      return { allowed: true, limit: this.limit, remaining: this.limit, resetMs: 0 };
    }
  }

  async penalize(key: string, points: number): Promise<void> {
    try {
      await this.backend.penalty(key, points);
    } catch (err) {
      logger.warn(errorFields(err), "rate-limit store failed");
    }
  }
}

export type StoreKind = "memory" | "postgres";

/** Where counters live: the database when it is PostgreSQL, unless KEYWARD_RATE_LIMIT_STORE says otherwise. */
export function storeKind(): StoreKind {
  const raw = process.env.KEYWARD_RATE_LIMIT_STORE?.trim().toLowerCase();
  if (!raw) return databaseKind() === "postgresql" ? "postgres" : "memory";
  if (raw === "memory" || raw === "postgres") return raw;
  throw new Error(`KEYWARD_RATE_LIMIT_STORE must be "memory" or "postgres", not "${raw}"`);
}

const TABLE = "keyward_rate_limits";

type Shared = { pool: Promise<import("pg").Pool>; table: Promise<void> | null };
const g = globalThis as unknown as { keywardRateLimitStore?: Shared | null };

/**
 * One small pool per process for the counters, apart from the app's, so that
 * a burst of rate-limit checks never queues behind the app's queries. Same
 * timeouts: an unreachable database fails a check in about a second.
 */
function shared(): Shared {
  g.keywardRateLimitStore ??= {
    pool: import("pg").then(({ default: pg }) => {
      const url = process.env.KEYWARD_RATE_LIMIT_DATABASE_URL || process.env.DATABASE_URL;
      const pool = new pg.Pool(postgresPoolConfig(url ?? "", { max: 4 }));
      pool.on("error", (err) => logger.warn(errorFields(err), "rate-limit store connection lost"));
      return pool;
    }),
    table: null,
  };
  return g.keywardRateLimitStore;
}

/**
 * Creates the counters' table once per process. Instances starting together
 * would race on CREATE TABLE IF NOT EXISTS (it is not atomic in PostgreSQL),
 * so the creation holds a transaction-scoped advisory lock.
 */
async function ensureTable(): Promise<import("pg").Pool> {
  const store = shared();
  const pool = await store.pool;
  store.table ??= (async () => {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext('keyward:rate_limit_table'))");
      await client.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (key varchar(255) PRIMARY KEY, points integer NOT NULL DEFAULT 0, expire bigint)`);
      await client.query("COMMIT");
    } catch (err) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  })().catch((err: unknown) => {
    store.table = null;
    throw err;
  });
  await store.table;
  return pool;
}

/** Closes the shared store's connections (for scripts and tests that exit). */
export async function closeSharedStores(): Promise<void> {
  const store = g.keywardRateLimitStore;
  g.keywardRateLimitStore = null;
  if (store) await (await store.pool).end();
}

export type CounterOptions = {
  name: string;
  points: number;
  durationSeconds: number;
  /** Seconds a key stays refused once its points are used up (default: until the window ends). */
  blockDurationSeconds?: number;
};

async function postgresLimiter(options: CounterOptions): Promise<RateLimiterPostgres> {
  const storeClient = await ensureTable();
  return new RateLimiterPostgres({
    storeClient,
    storeType: "pool",
    tableName: TABLE,
    tableCreated: true,
    // Expired rows are deleted by the maintenance job, on one instance, not by a timer in each.
    clearExpiredByTimeout: false,
    keyPrefix: options.name,
    points: options.points,
    duration: options.durationSeconds,
    blockDuration: options.blockDurationSeconds ?? 0,
  });
}

function memoryLimiter(options: CounterOptions): RateLimiterMemory {
  return new RateLimiterMemory({
    keyPrefix: options.name,
    points: options.points,
    duration: options.durationSeconds,
    blockDuration: options.blockDurationSeconds ?? 0,
  });
}

/** Deletes counters whose window has passed (PostgreSQL store only; the memory store forgets by itself). */
export async function purgeExpiredRateLimits(at = Date.now()): Promise<number> {
  if (storeKind() !== "postgres") return 0;
  const pool = await ensureTable();
  const result = await pool.query(`DELETE FROM ${TABLE} WHERE expire IS NOT NULL AND expire < $1`, [at]);
  return result.rowCount ?? 0;
}

/**
 * A counter with the operations of rate-limiter-flexible (get, penalty,
 * block, delete) on the configured store, for throttles that count failures
 * rather than requests (sign-in, second factor, re-authentication). On
 * PostgreSQL every instance sees the same counts. Errors propagate: a
 * throttle that cannot count must not silently let guesses through.
 */
export type SharedCounter = Pick<RateLimiterAbstract, "get" | "penalty" | "block" | "delete">;

export function sharedCounter(options: CounterOptions, kind: StoreKind = storeKind()): SharedCounter {
  if (kind === "memory") return memoryLimiter(options);
  let ready: Promise<RateLimiterPostgres> | null = null;
  const backend = () =>
    (ready ??= postgresLimiter(options).catch((err: unknown) => {
      ready = null;
      throw err;
    }));
  return {
    get: async (key, opts) => (await backend()).get(key, opts),
    penalty: async (key, points, opts) => (await backend()).penalty(key, points, opts),
    block: async (key, seconds, opts) => (await backend()).block(key, seconds, opts),
    delete: async (key, opts) => (await backend()).delete(key, opts),
  };
}

/** Builds a limiter on the configured store. */
export function createLimiter(config: LimiterConfig, kind: StoreKind = storeKind()): RateLimiter {
  const options = { name: config.name, points: config.points, durationSeconds: config.durationSeconds };
  if (kind === "memory") return new FlexibleLimiter(memoryLimiter(options), config.points);
  const limit = config.points;
  let ready: Promise<FlexibleLimiter> | null = null;
  const get = async (): Promise<RateLimiter> => {
    ready ??= postgresLimiter(options).then((backend) => new FlexibleLimiter(backend, limit));
    try {
      return await ready;
    } catch (err) {
      ready = null;
      logger.warn(errorFields(err), "rate-limit store unavailable");
      return { limit, consume: async () => ({ allowed: true, limit, remaining: limit, resetMs: 0 }), penalize: async () => {} };
    }
  };
  return {
    limit,
    consume: async (key, points) => (await get()).consume(key, points),
    penalize: async (key, points) => (await get()).penalize(key, points),
  };
}
