import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { call, isProblem, merchantWithKeys } from "./api-support";

/**
 * Rate limits. The shared test server runs with generous limits, so this file
 * starts a second production server on the same build and database with
 * small ones: 5 requests per key and 40 per IP a minute, a failed
 * authentication costing the IP 10.
 */

const root = path.resolve(import.meta.dirname, "..", "..");
let child: ChildProcess | undefined;
let limited = "";
let output = "";

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Waits until the port accepts connections (the server listens only once the app is ready), without spending requests. */
async function waitForPort(port: number) {
  for (let i = 0; i < 240; i++) {
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`Server exited early:\n${output}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`Server did not start:\n${output}`);
}

beforeAll(async () => {
  const port = await freePort();
  child = spawn(process.execPath, ["scripts/serve.mjs"], {
    cwd: root,
    env: {
      ...process.env,
      ...inject("serverEnv"),
      KEYWARD_RATE_LIMIT_PER_KEY: "5",
      KEYWARD_RATE_LIMIT_PER_IP: "40",
      KEYWARD_RATE_LIMIT_AUTH_FAILURE_COST: "10",
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      NEXT_TELEMETRY_DISABLED: "1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  await waitForPort(port);
  limited = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(() => {
  child?.kill("SIGTERM");
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
