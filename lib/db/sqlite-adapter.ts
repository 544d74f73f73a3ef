import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";

type Statement = { run: (...args: unknown[]) => unknown };
type Prepare = (sql: string) => Statement;
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
 * When the lock is still held once the busy timeout has passed, BEGIN
 * IMMEDIATE fails. The adapter runs one transaction at a time behind a lock
 * of its own, which it would then never release, and every later
 * transaction of the process would wait forever. So a refused BEGIN
 * IMMEDIATE opens a plain transaction instead, which is rolled back at once
 * (releasing the adapter's lock) and the refusal is what the caller sees.
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
    // Set by a refused BEGIN IMMEDIATE; read right after, while the adapter's lock is still held.
    let refused: unknown = null;
    client.prepare = (sql) => {
      if (sql !== "BEGIN") return prepare(sql);
      return {
        run: () => {
          try {
            return prepare("BEGIN IMMEDIATE").run();
          } catch (err) {
            refused = err;
            return prepare("BEGIN").run();
          }
        },
      };
    };
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const tx = await startTransaction(isolationLevel);
      if (refused === null) return tx;
      const err = refused;
      refused = null;
      prepare("ROLLBACK").run();
      await tx.rollback();
      throw err;
    };
    return adapter;
  }
}
