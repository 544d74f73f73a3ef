import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { applyMigrations } from "../../scripts/migrate";
import { withScratchPostgres } from "../support/scratch-postgres";
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
    await withScratchPostgres(async (url) => {
      expect((await applyMigrations(url)).length).toBeGreaterThan(0);
      expect(await applyMigrations(url)).toEqual([]);
    });
  });
});
