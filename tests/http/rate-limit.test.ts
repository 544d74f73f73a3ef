import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { listening, startProductionServer, type ProductionServer } from "../support/production-server";
import { call, isProblem, merchantWithKeys } from "./api-support";

/**
 * Rate limits. The shared test server runs with generous limits, so this file
 * starts a second production server on the same build and database with
 * small ones: 5 requests per key and 40 per IP a minute, a failed
 * authentication costing the IP 10.
 */

let server: ProductionServer | undefined;
let limited = "";

beforeAll(async () => {
  server = await startProductionServer({
    env: {
      ...inject("serverEnv"),
      KEYWARD_RATE_LIMIT_PER_KEY: "5",
      KEYWARD_RATE_LIMIT_PER_IP: "40",
      KEYWARD_RATE_LIMIT_AUTH_FAILURE_COST: "10",
    },
    // Waiting must not spend requests of the budgets under test.
    ready: listening,
  });
  limited = server.baseUrl;
}, 120_000);

afterAll(() => {
  server?.child.kill("SIGTERM");
});

function limits(res: { headers: Headers }) {
  return {
    limit: Number(res.headers.get("ratelimit-limit")),
    remaining: Number(res.headers.get("ratelimit-remaining")),
    reset: Number(res.headers.get("ratelimit-reset")),
  };
}

describe("rate limits", () => {
  it("counts per key and per IP, refuses with 429 and Retry-After, and charges failed authentications", async () => {
    const m = await merchantWithKeys("HTTP rate limits");
    // Per key: 5 a minute. Remaining counts down on every response.
    const remaining: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await call("GET", "/api/v1/api-keys?limit=1", { key: m.secret.secret, base: limited });
      expect(res.status).toBe(200);
      const l = limits(res);
      expect(l.limit).toBe(5);
      expect(l.reset).toBeGreaterThan(0);
      expect(l.reset).toBeLessThanOrEqual(60);
      remaining.push(l.remaining);
    }
    expect(remaining).toEqual([4, 3, 2, 1, 0]);
    const refused = await call("GET", "/api/v1/api-keys?limit=1", { key: m.secret.secret, base: limited });
    expect(isProblem(refused, 429)).toBe(true);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limits(refused)).toMatchObject({ limit: 5, remaining: 0 });
    // Refused requests do nothing: a POST while limited creates no key.
    const post = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      base: limited,
      body: { name: "Limited", type: "secret", environment: "test" },
    });
    expect(isProblem(post, 429)).toBe(true);

    // Another key of the same merchant has its own budget.
    const other = await call("GET", "/api/v1/whoami", { key: m.readOnly.secret, base: limited });
    expect(other.status).toBe(200);
    expect(limits(other).limit).toBe(5);

    // The IP has spent 8 of 40. Each failed authentication costs 10 (1 + 9 as a penalty): after
    // four of them (8 -> 48), the IP is refused whatever the key.
    for (let i = 0; i < 4; i++) {
      const bad = await call("GET", "/api/v1/whoami", { key: "sk_test_guess", base: limited });
      expect(isProblem(bad, 401)).toBe(true);
      expect(bad.headers.get("ratelimit-limit")).toBe("40");
    }
    const blocked = await call("GET", "/api/v1/whoami", { key: m.noKeys.secret, base: limited });
    expect(isProblem(blocked, 429)).toBe(true);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limits(blocked)).toMatchObject({ limit: 40, remaining: 0 });
    // Endpoints without a key are limited per IP too.
    const doc = await call("GET", "/api/v1/openapi.json", { base: limited });
    expect(isProblem(doc, 429)).toBe(true);
    const refresh = await call("POST", "/api/v1/api-keys/refresh", { base: limited, body: { token: "rt_test_x" } });
    expect(isProblem(refresh, 429)).toBe(true);

    const { server } = await import("./api-support");
    const { db } = await server();
    expect(await db.apiKey.count({ where: { merchantId: m.merchant.id, name: "Limited" } })).toBe(0);
  });
});

describe("rate-limit headers on the shared server", () => {
  it("appear on successes, errors and unknown paths alike", async () => {
    const m = await merchantWithKeys("HTTP rate headers");
    const responses = [
      await call("GET", "/api/v1/whoami", { key: m.secret.secret }),
      await call("GET", "/api/v1/whoami"),
      await call("GET", `/api/v1/api-keys/${m.live.id}`, { key: m.secret.secret }),
      await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body: { nope: true } }),
      await call("POST", "/api/v1/api-keys", { key: m.publishable.secret, body: {} }),
      await call("GET", "/api/v1/openapi.json"),
      await call("GET", "/api/v1/does-not-exist"),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 401, 404, 422, 403, 200, 404]);
    for (const res of responses) {
      expect(Number(res.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
      expect(res.headers.get("ratelimit-remaining")).toMatch(/^\d+$/);
      expect(res.headers.get("ratelimit-reset")).toMatch(/^\d+$/);
    }
  });
});
