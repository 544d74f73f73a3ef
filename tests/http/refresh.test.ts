import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { createdApiKeyObject, refreshResultObject } from "@/lib/validations/api/api-keys";
import { call, isProblem, merchantWithKeys, server } from "./api-support";

/** Refreshable keys over HTTP: creation, rotation, reuse detection. */

let m: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  m = await merchantWithKeys("HTTP refresh");
});

async function createRefreshable(extra: Record<string, unknown> = {}) {
  const res = await call("POST", "/api/v1/api-keys", {
    key: m.secret.secret,
    body: { name: "Rotating", type: "secret", environment: "test", refreshable: true, ...extra },
  });
  expect(res.status).toBe(201);
  return createdApiKeyObject.parse(res.body);
}

describe("refreshable keys", () => {
  it("are created with a 30-day expiry and a refresh token", async () => {
    const now = Math.floor(Date.now() / 1000);
    const key = await createRefreshable();
    expect(key.refreshable).toBe(true);
    expect(key.expires_at! - now).toBeGreaterThanOrEqual(30 * 86_400 - 5);
    expect(key.expires_at! - now).toBeLessThanOrEqual(30 * 86_400 + 5);
    expect(key.refresh_token).toMatch(/^rt_test_/);
    expect(key.refresh_token_expires_at! - now).toBeGreaterThanOrEqual(365 * 86_400 - 5);
    expect(key.publishable_key).toBeNull();
  });

  it('refuses "never" and publishable refreshable keys (422)', async () => {
    const never = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "x", type: "secret", environment: "test", refreshable: true, expires_at: "never" },
    });
    expect(isProblem(never, 422)).toBe(true);
    expect(never.body.errors.map((e: { field: string }) => e.field)).toEqual(["expires_at"]);
    const pk = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "x", type: "publishable", environment: "test", refreshable: true },
    });
    expect(isProblem(pk, 422)).toBe(true);
  });

  it("rotate: new secret, new token, same publishable key, Unix expiries; the old token is spent", async () => {
    const key = await createRefreshable({ publishable_key_id: m.publishable.id });
    expect(key.publishable_key).toBe(m.publishable.secret);
    const res = await call("POST", "/api/v1/api-keys/refresh", { body: { token: key.refresh_token } });
    expect(res.status).toBe(200);
    const r = refreshResultObject.parse(res.body);
    expect(r.secret).toMatch(/^sk_test_/);
    expect(r.secret).not.toBe(key.secret);
    expect(r.refresh_token).not.toBe(key.refresh_token);
    expect(r.publishable_key).toBe(m.publishable.secret);
    expect(r.api_key.id).not.toBe(key.id);
    expect(r.api_key_expires_at).toBe(r.api_key.expires_at);
    expect(Number.isInteger(r.refresh_token_expires_at)).toBe(true);
    expect(r.previous_key.id).toBe(key.id);
    expect(r.previous_key.expires_at - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(5 * 60);
    expect((await call("GET", "/api/v1/whoami", { key: r.secret! })).body.id).toBe(r.api_key.id);
    // A second rotation with the new token works.
    const next = await call("POST", "/api/v1/api-keys/refresh", { body: { token: r.refresh_token } });
    expect(next.status).toBe(200);
  });

  it("revokes the whole chain when a spent token comes back, and the audit log says so", async () => {
    const key = await createRefreshable();
    const first = await call("POST", "/api/v1/api-keys/refresh", { body: { token: key.refresh_token } });
    expect(first.status).toBe(200);
    const reuse = await call("POST", "/api/v1/api-keys/refresh", { body: { token: key.refresh_token } });
    expect(isProblem(reuse, 401)).toBe(true);
    for (const secret of [key.secret!, first.body.secret]) {
      expect((await call("GET", "/api/v1/whoami", { key: secret })).status).toBe(401);
    }
    const newest = await call("POST", "/api/v1/api-keys/refresh", { body: { token: first.body.refresh_token } });
    expect(isProblem(newest, 401)).toBe(true);
    const events = await call("GET", "/api/v1/audit-events?action=api_key.refresh_token_reused", { key: m.secret.secret });
    const event = events.body.data.find((e: { changes: { revokedKeys: string[] } }) => e.changes.revokedKeys.includes(key.id));
    expect(event).toBeDefined();
    expect(event.changes.revokedKeys.sort()).toEqual([key.id, first.body.api_key.id].sort());
    expect(event.reason).toMatch(/revoked/);
    expect((await call("GET", `/api/v1/api-keys/${first.body.api_key.id}`, { key: m.secret.secret })).body.status).toBe("revoked");
  });

  it("answers unknown or malformed tokens with 401 and a missing token with 422", async () => {
    const { db } = await server();
    const before = await db.refreshToken.count();
    for (const token of ["rt_test_" + "A".repeat(43), "nope"]) {
      expect(isProblem(await call("POST", "/api/v1/api-keys/refresh", { body: { token } }), 401)).toBe(true);
    }
    expect(isProblem(await call("POST", "/api/v1/api-keys/refresh", { body: {} }), 422)).toBe(true);
    expect(isProblem(await call("POST", "/api/v1/api-keys/refresh", { body: { token: 5 } }), 422)).toBe(true);
    expect(await db.refreshToken.count()).toBe(before);
  });

  it("replays a refresh sent again with the same Idempotency-Key instead of treating it as reuse", async () => {
    const key = await createRefreshable();
    const idem = randomUUID();
    const first = await call("POST", "/api/v1/api-keys/refresh", { body: { token: key.refresh_token }, headers: { "idempotency-key": idem } });
    expect(first.status).toBe(200);
    const replay = await call("POST", "/api/v1/api-keys/refresh", { body: { token: key.refresh_token }, headers: { "idempotency-key": idem } });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ secret: null, refresh_token: null, secret_already_returned: true });
    expect(replay.body.api_key.id).toBe(first.body.api_key.id);
    // The chain is intact: the new secret works and the new token rotates.
    expect((await call("GET", "/api/v1/whoami", { key: first.body.secret })).status).toBe(200);
    expect((await call("POST", "/api/v1/api-keys/refresh", { body: { token: first.body.refresh_token } })).status).toBe(200);
  });
});
