import { afterAll, describe, expect, it } from "vitest";
import { databaseKind } from "@/lib/db/url";
import { closeSharedStores, createLimiter } from "./store";

/** The shared store: run with TEST_DATABASE_URL=postgresql://… (on SQLite these are skipped). */
const postgresOnly = databaseKind() === "postgresql" ? it : it.skip;

afterAll(() => closeSharedStores());

describe("PostgreSQL rate-limit store", () => {
  postgresOnly("shares one budget between limiter instances, as between server instances", async () => {
    const name = `shared_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
    const a = createLimiter({ name, points: 3, durationSeconds: 60 }, "postgres");
    const b = createLimiter({ name, points: 3, durationSeconds: 60 }, "postgres");
    expect((await a.consume("key_1")).remaining).toBe(2);
    expect((await b.consume("key_1")).remaining).toBe(1);
    expect((await a.consume("key_1")).allowed).toBe(true);
    const refused = await b.consume("key_1");
    expect(refused.allowed).toBe(false);
    expect(refused.resetMs).toBeGreaterThan(0);
    expect((await b.consume("key_2")).allowed).toBe(true);
    await a.penalize("key_2", 5);
    expect((await b.consume("key_2")).allowed).toBe(false);
  });
});
