import { spawn } from "node:child_process";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { PrismaClient } from "@/lib/generated/sqlite/client";
import { ImmediateTransactionsSqlite } from "@/lib/db/sqlite-adapter";
import { databaseKind, databaseUrl, sqliteFilePath } from "@/lib/db/url";
import { newId } from "@/lib/ids";

const sqliteOnly = databaseKind() === "sqlite" ? it : it.skip;

/** Another process writing to the same file (a second server, the CLI): it says "ready", then writes and exits. */
function otherProcessWrite(file: string): { ready: Promise<void>; done: Promise<number | null> } {
  const child = spawn(
    process.execPath,
    [
      "-e",
      `const Database = require("better-sqlite3");
       const db = new Database(process.argv[1], { timeout: 10000 });
       process.stdout.write("ready\\n");
       db.prepare("INSERT INTO Merchant (id, name, createdAt, requireSecondFactor) VALUES (?, 'Other process', ?, 0)").run("mer_other_" + Date.now(), Date.now());
       db.close();`,
      file,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const ready = new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const done = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { ready, done };
}

describe("SQLite transactions", () => {
  sqliteOnly("wait for another process's write instead of failing when it commits between their read and their write", async () => {
    const file = sqliteFilePath(databaseUrl());
    const id = newId("mer");
    let other: ReturnType<typeof otherProcessWrite> | undefined;
    await db.$transaction(async (tx) => {
      await tx.merchant.count();
      other = otherProcessWrite(file);
      await other.ready;
      // Long enough for the other process to have committed, had nothing held it back.
      await new Promise((resolve) => setTimeout(resolve, 500));
      await tx.merchant.create({ data: { id, name: "This transaction" } });
    });
    expect(await other!.done).toBe(0);
    expect(await db.merchant.count({ where: { id } })).toBe(1);
    expect(await db.merchant.count({ where: { name: "Other process" } })).toBe(1);
  });

  sqliteOnly("refuse a transaction while another connection holds the write lock past the busy timeout, then run the next one", async () => {
    const file = sqliteFilePath(databaseUrl());
    // A short busy timeout, and a short wait for the adapter's own lock, so that a stuck lock fails fast.
    const client = new PrismaClient({
      adapter: new ImmediateTransactionsSqlite({ url: file, timeout: 100 }),
      transactionOptions: { maxWait: 1000 },
    });
    const holder = new Database(file, { timeout: 1000 });
    try {
      // Connected first: opening the connection is not what this test is about.
      await client.merchant.count();
      holder.prepare("BEGIN IMMEDIATE").run();
      await expect(client.$transaction((tx) => tx.merchant.count())).rejects.toThrow();
      holder.prepare("COMMIT").run();
      // The refused transaction released the adapter's lock: the next one starts (it used to wait forever).
      const id = newId("mer");
      const stuck = new Promise((_, reject) => setTimeout(() => reject(new Error("the next transaction never started")), 5000).unref());
      await Promise.race([client.$transaction((tx) => tx.merchant.create({ data: { id, name: "After the lock" } })), stuck]);
      expect(await db.merchant.count({ where: { id } })).toBe(1);
    } finally {
      if (holder.inTransaction) holder.prepare("ROLLBACK").run();
      holder.close();
      await client.$disconnect();
    }
  });
});
