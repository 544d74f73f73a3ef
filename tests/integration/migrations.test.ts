import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../scripts/migrate";
import os from "node:os";
import path from "node:path";

describe("offline migrations", () => {
  it("apply to an empty SQLite database and are idempotent", async () => {
    const url = `file:${path.join(os.tmpdir(), `keyward-migrate-${randomBytes(4).toString("hex")}.db`)}`;
    expect((await applyMigrations(url)).length).toBeGreaterThan(0);
    expect(await applyMigrations(url)).toEqual([]);
  });

  // PostgreSQL is optional on a developer machine; CI provides it via TEST_POSTGRES_URL.
  it.skipIf(!process.env.TEST_POSTGRES_URL)("apply to an empty PostgreSQL database and are idempotent", async () => {
    const admin = new URL(process.env.TEST_POSTGRES_URL!);
    const { default: pg } = await import("pg");
    const dbName = `keyward_migrate_${randomBytes(4).toString("hex")}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${dbName}`);
    try {
      const url = new URL(admin);
      url.pathname = `/${dbName}`;
      expect((await applyMigrations(url.toString())).length).toBeGreaterThan(0);
      expect(await applyMigrations(url.toString())).toEqual([]);
    } finally {
      await client.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      await client.end();
    }
  });
});
