import pg, { type PoolConfig } from "pg";

function envInt(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name]?.trim() ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** How long a query may wait for a free connection of a busy pool: a burst queues rather than fails. */
export const POOL_WAIT_MS = 10_000;

/**
 * Connection settings for every PostgreSQL pool of the app:
 *   KEYWARD_DB_POOL_SIZE            connections per instance (default 10)
 *   KEYWARD_DB_CONNECT_TIMEOUT_MS   giving up on opening a connection (default 1500, so a
 *                                   request fails within 2 s when the database is away)
 *   KEYWARD_DB_STATEMENT_TIMEOUT_MS the server cancels a statement running longer (default 15000)
 * pg uses one setting both for opening a connection and for waiting for a free
 * one; they differ here (a refused or silent server fails fast, a busy pool
 * makes queries wait), so each connection gets its own opening timeout.
 * A query whose answer never comes (a server that hangs rather than refuses)
 * is abandoned a little after the statement timeout.
 */
export function postgresPoolConfig(connectionString: string, overrides: PoolConfig = {}): PoolConfig {
  const statementTimeout = envInt("KEYWARD_DB_STATEMENT_TIMEOUT_MS", 15_000);
  const connectTimeout = envInt("KEYWARD_DB_CONNECT_TIMEOUT_MS", 1500);
  class QuickConnectClient extends pg.Client {
    constructor(config?: string | pg.ClientConfig) {
      super(typeof config === "string" ? { connectionString: config, connectionTimeoutMillis: connectTimeout } : { ...config, connectionTimeoutMillis: connectTimeout });
    }
  }
  return {
    connectionString,
    Client: QuickConnectClient,
    max: envInt("KEYWARD_DB_POOL_SIZE", 10),
    connectionTimeoutMillis: POOL_WAIT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: statementTimeout,
    query_timeout: statementTimeout + 5000,
    idle_in_transaction_session_timeout: 60_000,
    keepAlive: true,
    // Scripts exit once their work is done instead of waiting for idle connections to time out.
    allowExitOnIdle: true,
    ...overrides,
  };
}
