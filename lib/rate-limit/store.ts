import "server-only";
import {
  RateLimiterMemory,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterPostgres,
  type RateLimiterStoreAbstract,
} from "rate-limiter-flexible";

/** The outcome of one check against a fixed-window limit. */
export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets (and, when refused, until a retry can succeed). */
  resetMs: number;
};

/**
 * The small interface the API depends on. The default store lives in this
 * process; KEYWARD_RATE_LIMIT_STORE=postgres shares counters between
 * instances through PostgreSQL (same library, other backend).
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
      console.error("keyward: rate-limit store failed:", err instanceof Error ? err.message : "unknown error");
      return { allowed: true, limit: this.limit, remaining: this.limit, resetMs: 0 };
    }
  }

  async penalize(key: string, points: number): Promise<void> {
    try {
      await this.backend.penalty(key, points);
    } catch (err) {
      console.error("keyward: rate-limit store failed:", err instanceof Error ? err.message : "unknown error");
    }
  }
}

export type StoreKind = "memory" | "postgres";

export function storeKind(): StoreKind {
  const kind = (process.env.KEYWARD_RATE_LIMIT_STORE ?? "memory").trim().toLowerCase();
  if (kind === "memory" || kind === "postgres") return kind;
  throw new Error(`KEYWARD_RATE_LIMIT_STORE must be "memory" or "postgres", not "${kind}"`);
}

let postgresPool: Promise<{ end(): Promise<void> }> | null = null;

/** Closes the shared store's connections (for scripts and tests that exit). */
export async function closeSharedStores(): Promise<void> {
  const pool = postgresPool;
  postgresPool = null;
  if (pool) await (await pool).end();
}

async function postgresBackend(config: LimiterConfig): Promise<Backend> {
  const { RateLimiterPostgres } = await import("rate-limiter-flexible");
  postgresPool ??= import("pg").then(({ default: pg }) => {
    const connectionString = process.env.KEYWARD_RATE_LIMIT_DATABASE_URL || process.env.DATABASE_URL;
    return new pg.Pool({ connectionString, max: 4 });
  });
  const storeClient = await postgresPool;
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient,
        storeType: "pool",
        tableName: "keyward_rate_limits",
        keyPrefix: config.name,
        points: config.points,
        duration: config.durationSeconds,
      },
      (err?: Error) => (err ? reject(err) : resolve(limiter)),
    );
  });
}

/** Builds a limiter on the configured store. */
export function createLimiter(config: LimiterConfig, kind: StoreKind = storeKind()): RateLimiter {
  if (kind === "memory") {
    const backend = new RateLimiterMemory({ keyPrefix: config.name, points: config.points, duration: config.durationSeconds });
    return new FlexibleLimiter(backend, config.points);
  }
  // The table is created on first use; until then calls wait for it.
  const limit = config.points;
  let ready: Promise<FlexibleLimiter> | null = null;
  const get = async (): Promise<RateLimiter> => {
    ready ??= postgresBackend(config).then((backend) => new FlexibleLimiter(backend, limit));
    try {
      return await ready;
    } catch (err) {
      ready = null;
      console.error("keyward: rate-limit store unavailable:", err instanceof Error ? err.message : "unknown error");
      return { limit, consume: async () => ({ allowed: true, limit, remaining: limit, resetMs: 0 }), penalize: async () => {} };
    }
  };
  return {
    limit,
    consume: async (key, points) => (await get()).consume(key, points),
    penalize: async (key, points) => (await get()).penalize(key, points),
  };
}
