import "server-only";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/postgres/client";
import { errorFields, logger } from "@/lib/log/logger.mjs";
import { POOL_WAIT_MS, postgresPoolConfig } from "./pool-config";
import { ImmediateTransactionsSqlite } from "./sqlite-adapter";
import { databaseKind, databaseUrl, sqliteFilePath } from "./url";

export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const SQLITE_BUSY_MS = 10_000;

type Clients = { db: PrismaClient; pool: pg.Pool | null };

/**
 * One client per process. Both generated clients share the same models, so
 * the PostgreSQL client is typed as the SQLite one; the adapter is chosen
 * from the DATABASE_URL scheme. On PostgreSQL the connection pool is ours,
 * with timeouts, so that a database outage fails requests in about a second
 * instead of hanging them, and the pool reconnects by itself afterwards.
 */
function createClients(url = databaseUrl()): Clients {
  if (databaseKind(url) === "postgresql") {
    const pool = new pg.Pool(postgresPoolConfig(url));
    // An idle connection dropped by the server is not a request failure: the pool replaces it.
    pool.on("error", (err) => logger.warn(errorFields(err), "database connection lost"));
    // A transaction waits for a free connection as long as a query does (Prisma's own default is 2 s).
    const client = new PostgresPrismaClient({ adapter: new PrismaPg(pool), transactionOptions: { maxWait: POOL_WAIT_MS } });
    return { db: client as unknown as PrismaClient, pool };
  }
  // busy timeout: writers wait for each other instead of failing at once. The
  // adapter runs one transaction at a time per process, so a transaction may
  // also queue behind this process's others as long (Prisma's default is 2 s).
  const adapter = new ImmediateTransactionsSqlite({ url: sqliteFilePath(url), timeout: SQLITE_BUSY_MS });
  return { db: new PrismaClient({ adapter, transactionOptions: { maxWait: SQLITE_BUSY_MS } }), pool: null };
}

const globalForDb = globalThis as unknown as { keywardDbClients?: Clients };
const clients: Clients = (globalForDb.keywardDbClients ??= createClients());

export const db: PrismaClient = clients.db;

/** The PostgreSQL connection pool behind `db` (null on SQLite), for what Prisma cannot express (advisory locks). */
export const postgresPool: pg.Pool | null = clients.pool;
