import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

type Prepare = (sql: string) => unknown;
type Client = { prepare: Prepare; pragma: (source: string) => unknown };
type Connected = Awaited<ReturnType<PrismaBetterSqlite3["connect"]>>;

/**
 * Prisma's SQLite adapter opens transactions with a plain (deferred) BEGIN:
 * the write lock is taken at the first write. When another process (a
 * second server, the CLI, a test runner) commits between a transaction's
 * first read and its first write, SQLite cannot let it upgrade and answers
 * SQLITE_BUSY at once, without waiting out the busy timeout. BEGIN IMMEDIATE
 * takes the write lock up front, so writers queue behind each other instead.
 *
 * It also gives the query planner statistics when the connection opens
 * (SQLite's advice for long-lived connections): without them it guesses,
 * and can walk thousands of keys through the wrong index.
 */
export class ImmediateTransactionsSqlite extends PrismaBetterSqlite3 {
  override async connect(): Promise<Connected> {
    const adapter = await super.connect();
    const client = (adapter as unknown as { client: Client }).client;
    client.pragma("optimize=0x10002");
    const prepare = client.prepare.bind(client);
    client.prepare = (sql) => prepare(sql === "BEGIN" ? "BEGIN IMMEDIATE" : sql);
    return adapter;
  }
}
