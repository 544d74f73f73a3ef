import { describe, expect, it } from "vitest";
import { createLimiter } from "./store";
import { rateLimitHeaders, tighter } from "./api-limits";

describe("rate limiter", () => {
  it("counts down, refuses past the limit, and keeps keys apart", async () => {
    const limiter = createLimiter({ name: `t${Math.random()}`, points: 3, durationSeconds: 60 }, "memory");
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await limiter.consume("a"));
    expect(seen.map((d) => d.allowed)).toEqual([true, true, true, false]);
    expect(seen.map((d) => d.remaining)).toEqual([2, 1, 0, 0]);
    expect(seen[3]!.resetMs).toBeGreaterThan(0);
    expect((await limiter.consume("b")).allowed).toBe(true);
  });

  it("charges penalties against the same budget", async () => {
    const limiter = createLimiter({ name: `t${Math.random()}`, points: 10, durationSeconds: 60 }, "memory");
    await limiter.consume("ip");
    await limiter.penalize("ip", 9);
    expect((await limiter.consume("ip")).allowed).toBe(false);
  });

  it("describes the tighter of two limits in the headers, with Retry-After when refused", () => {
    const key = { allowed: true, limit: 5, remaining: 1, resetMs: 30_500 };
    const ip = { allowed: true, limit: 100, remaining: 50, resetMs: 10_000 };
    expect(tighter(key, ip)).toBe(key);
    const refused = { allowed: false, limit: 100, remaining: 0, resetMs: 1_200 };
    expect(tighter(key, refused)).toBe(refused);
    expect(rateLimitHeaders(key)).toMatchObject({ "RateLimit-Limit": "5", "RateLimit-Remaining": "1", "RateLimit-Reset": "31" });
    expect(rateLimitHeaders(key)["Retry-After"]).toBeUndefined();
    expect(rateLimitHeaders(refused)["Retry-After"]).toBe("2");
  });
});
