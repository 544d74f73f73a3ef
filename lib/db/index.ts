import "server-only";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { PrismaClient as PostgresPrismaClient } from "@/lib/generated/postgres/client";
import { databaseKind, databaseUrl, sqliteFilePath } from "./url";

export type Db = PrismaClient;
export type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/**
 * One client per process. Both generated clients share the same models, so
 * the PostgreSQL client is typed as the SQLite one; the adapter is chosen
 * from the DATABASE_URL scheme.
 */
function createClient(url = databaseUrl()): PrismaClient {
  if (databaseKind(url) === "postgresql") {
    const client = new PostgresPrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    return client as unknown as PrismaClient;
  }
  // busy timeout: writers wait for each other instead of failing at once.
  return new PrismaClient({ adapter: new PrismaBetterSqlite3({ url: sqliteFilePath(url), timeout: 10_000 }) });
}

const globalForDb = globalThis as unknown as { keywardDb?: PrismaClient };

export const db: PrismaClient = globalForDb.keywardDb ?? createClient();
globalForDb.keywardDb = db;
