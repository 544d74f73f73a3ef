/**
 * Integration tests run against a real SQLite database: a fresh file per
 * test worker, migrated with the same offline migrations as production.
 * Set TEST_DATABASE_URL to a postgresql:// URL to run them on PostgreSQL.
 */
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { testSecrets } from "./test-env";

const dir = path.join(os.tmpdir(), "keyward-tests");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `worker-${process.pid}-${process.env.VITEST_POOL_ID ?? "0"}.db`);

if (!process.env.KEYWARD_TEST_DB_READY) {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? `file:${file}`;
  Object.assign(process.env, testSecrets());
  const { applyMigrations } = await import("../../scripts/migrate");
  await applyMigrations(process.env.DATABASE_URL);
  process.env.KEYWARD_TEST_DB_READY = "1";
}

export const TEST_DATABASE_FILE = file;
