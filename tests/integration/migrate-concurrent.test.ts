import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../scripts/migrate";
import { withScratchPostgres } from "../support/scratch-postgres";

describe("migrations at the start of several instances", () => {
  // PostgreSQL is optional on a developer machine; CI provides it via TEST_POSTGRES_URL.
  it.skipIf(!process.env.TEST_POSTGRES_URL)("apply once when two run at the same moment: the second waits, then finds nothing to do", async () => {
    await withScratchPostgres(async (url) => {
      const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
      const applied = [a, b].sort((x, y) => y.length - x.length);
      expect(applied[0]!.length).toBeGreaterThan(0);
      expect(applied[1]).toEqual([]);
      const { default: pg } = await import("pg");
      const check = new pg.Client({ connectionString: url });
      await check.connect();
      const { rows } = await check.query("SELECT count(*)::int AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
      await check.end();
      expect(rows[0].n).toBe(applied[0]!.length);
    });
  });
});
