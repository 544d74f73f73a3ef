import type { PoolConfig } from "pg";

function envInt(name: string, fallback: number): number {
  const value = Number.parseInt(process.env[name]?.trim() ?? "", 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/**
 * Connection settings for every PostgreSQL pool of the app:
 *   KEYWARD_DB_POOL_SIZE           connections per instance (default 10)
 *   KEYWARD_DB_CONNECT_TIMEOUT_MS  giving up on a new connection (default 1500, so a
 *                                  request fails within 2 s when the database is away)
 *   KEYWARD_DB_STATEMENT_TIMEOUT_MS the server cancels a statement running longer (default 15000)
 * A query whose answer never comes (a server that hangs rather than refuses) is
 * abandoned a little after the statement timeout.
 */
export function postgresPoolConfig(connectionString: string, overrides: PoolConfig = {}): PoolConfig {
  const statementTimeout = envInt("KEYWARD_DB_STATEMENT_TIMEOUT_MS", 15_000);
  return {
    connectionString,
    max: envInt("KEYWARD_DB_POOL_SIZE", 10),
    connectionTimeoutMillis: envInt("KEYWARD_DB_CONNECT_TIMEOUT_MS", 1500),
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
