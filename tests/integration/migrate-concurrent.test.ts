import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../scripts/migrate";

describe("migrations at the start of several instances", () => {
  // PostgreSQL is optional on a developer machine; CI provides it via TEST_POSTGRES_URL.
  it.skipIf(!process.env.TEST_POSTGRES_URL)("apply once when two run at the same moment: the second waits, then finds nothing to do", async () => {
    const admin = new URL(process.env.TEST_POSTGRES_URL!);
    const { default: pg } = await import("pg");
    const dbName = `keyward_migrate_${randomBytes(4).toString("hex")}`;
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`CREATE DATABASE ${dbName}`);
    try {
      const url = new URL(admin);
      url.pathname = `/${dbName}`;
      const [a, b] = await Promise.all([applyMigrations(url.toString()), applyMigrations(url.toString())]);
      const applied = [a, b].sort((x, y) => y.length - x.length);
      expect(applied[0]!.length).toBeGreaterThan(0);
      expect(applied[1]).toEqual([]);
      const check = new pg.Client({ connectionString: url.toString() });
      await check.connect();
      const { rows } = await check.query("SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
      await check.end();
      expect(rows[0].n).toBe(applied[0]!.length);
    } finally {
      await client.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
      await client.end();
    }
  });
});
