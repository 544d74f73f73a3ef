/**
 * Runs once when the server starts. In production it refuses to start
 * without the secrets it needs (hash secrets, master key, auth secret)
 * rather than failing later on the first request that needs one. It logs
 * which database and shared-state store this instance uses, warns when
 * several processes share one SQLite file, and starts the periodic clean-up
 * of expired secrets and idempotency records.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { logger } = await import("./lib/log/logger.mjs");
  if (process.env.NODE_ENV === "production") {
    const { assertServerSecrets } = await import("./lib/config/secrets");
    try {
      assertServerSecrets();
    } catch (err) {
      logger.fatal(`Keyward cannot start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
  const { databaseKind, databaseUrl, sqliteFilePath } = await import("./lib/db/url");
  const { storeKind } = await import("./lib/rate-limit/store");
  const kind = databaseKind();
  logger.info({ database: kind, rate_limit_store: storeKind(), pid: process.pid }, "instance starting");
  if (kind === "sqlite") {
    const { registerSqliteInstance } = await import("./lib/db/sqlite-instances");
    const others = registerSqliteInstance(sqliteFilePath(databaseUrl()));
    if (others.length) {
      logger.warn(
        { other_pids: others },
        "another Keyward process uses this SQLite database: SQLite serves one instance (rate limits, throttles and usage buffers live in each process); use PostgreSQL (DATABASE_URL=postgresql://…) to run several",
      );
    }
  }
  const { startMaintenance } = await import("./lib/maintenance");
  startMaintenance();
}
