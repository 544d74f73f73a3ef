import "server-only";
import { assertServerSecrets } from "@/lib/config/secrets";
import { databaseKind, databaseUrl, sqliteFilePath } from "@/lib/db/url";
import { registerSqliteInstance } from "@/lib/db/sqlite-instances";
import { logger } from "@/lib/log/logger.mjs";
import { startMaintenance } from "@/lib/maintenance";
import { storeKind } from "@/lib/rate-limit/store";

/**
 * Once per server process, before the first request. In production it
 * refuses to start without the secrets it needs (hash secrets, master key,
 * auth secret) rather than failing on the first request that needs one. It
 * logs which database and shared-state store this instance uses, warns when
 * several processes share one SQLite file, and starts the periodic clean-up.
 */
export function startServer(): void {
  if (process.env.NODE_ENV === "production") {
    try {
      assertServerSecrets();
    } catch (err) {
      logger.fatal(`Keyward cannot start: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    }
  }
  const kind = databaseKind();
  logger.info({ database: kind, rate_limit_store: storeKind(), pid: process.pid }, "instance starting");
  if (kind === "sqlite") {
    const others = registerSqliteInstance(sqliteFilePath(databaseUrl()));
    if (others.length) {
      logger.warn(
        { other_pids: others },
        "another Keyward process uses this SQLite database: SQLite serves one instance (rate limits, throttles and usage buffers live in each process); use PostgreSQL (DATABASE_URL=postgresql://…) to run several",
      );
    }
  }
  startMaintenance();
}
