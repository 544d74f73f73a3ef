import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { call, isProblem, merchantWithKeys, server } from "./api-support";

/** Idempotency-Key on POST: replay without redoing the work, never repeating a secret. */

let m: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  m = await merchantWithKeys("HTTP idempotency");
});

async function keyCount() {
  const { db } = await server();
  return db.apiKey.count({ where: { merchantId: m.merchant.id } });
}

describe("Idempotency-Key", () => {
  it("replays the first status and body for the same key and body, without a second key or the secret", async () => {
    const idem = randomUUID();
    const body = { name: "Once", type: "secret", environment: "test", metadata: { a: "1", b: "2" } };
    const before = await keyCount();
    const first = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body, headers: { "idempotency-key": idem } });
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^sk_test_/);
    // Same body with its keys in another order: the same request.
    const reordered = { metadata: { b: "2", a: "1" }, environment: "test", type: "secret", name: "Once" };
    const replay = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: reordered,
      headers: { "idempotency-key": idem },
    });
    expect(replay.status).toBe(201);
    expect(replay.headers.get("idempotent-replayed")).toBe("true");
    expect(replay.body).toEqual({ ...first.body, secret: null, secret_already_returned: true });
    expect(replay.text).not.toContain(first.body.secret);
    expect(await keyCount()).toBe(before + 1);
    // The stored record holds no secret either.
    const { db } = await server();
    const record = await db.idempotencyRecord.findFirstOrThrow({ where: { merchantId: m.merchant.id, idempotencyKey: idem } });
    expect(record.responseBody).not.toContain(first.body.secret);
    expect(record.expiresAt.getTime() - record.createdAt.getTime()).toBe(24 * 3600 * 1000);
  });

  it("answers the same key with a different body with 422 and does nothing", async () => {
    const idem = randomUUID();
    const first = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "First", type: "secret", environment: "test" },
      headers: { "idempotency-key": idem },
    });
    expect(first.status).toBe(201);
    const before = await keyCount();
    const other = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "Second", type: "secret", environment: "test" },
      headers: { "idempotency-key": idem },
    });
    expect(isProblem(other, 422)).toBe(true);
    expect(other.body.detail).toMatch(/Idempotency-Key/);
    // The same key on another endpoint is a different request too.
    const elsewhere = await call("POST", `/api/v1/api-keys/${first.body.id}/regenerate`, {
      key: m.secret.secret,
      body: { name: "First", type: "secret", environment: "test" },
      headers: { "idempotency-key": idem },
    });
    expect(isProblem(elsewhere, 422)).toBe(true);
    expect(await keyCount()).toBe(before);
  });

  it("does the work once for concurrent duplicates", async () => {
    const idem = randomUUID();
    const before = await keyCount();
    const body = { name: "Concurrent", type: "secret", environment: "test" };
    const results = await Promise.all(
      Array.from({ length: 8 }, () => call("POST", "/api/v1/api-keys", { key: m.secret.secret, body, headers: { "idempotency-key": idem } })),
    );
    expect(await keyCount()).toBe(before + 1);
    const withSecret = results.filter((r) => r.status === 201 && typeof r.body.secret === "string");
    expect(withSecret).toHaveLength(1);
    for (const r of results) {
      // Either the first result, its replay, or "still in progress, retry".
      if (r.status === 201) expect(r.body.id).toBe(withSecret[0]!.body.id);
      else expect(isProblem(r, 409)).toBe(true);
    }
  });

  it("replays a regeneration without rolling twice", async () => {
    const k = await m.make({ name: "Roll once", type: "secret", environment: "test" });
    const idem = randomUUID();
    const first = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, {
      key: m.secret.secret,
      body: { expire_previous_in: 60 },
      headers: { "idempotency-key": idem },
    });
    expect(first.status).toBe(200);
    const replay = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, {
      key: m.secret.secret,
      body: { expire_previous_in: 60 },
      headers: { "idempotency-key": idem },
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ id: first.body.id, secret: null, secret_already_returned: true });
    const { db } = await server();
    expect(await db.apiKey.count({ where: { rolledFromId: k.id } })).toBe(1);
  });

  it("releases the key when the request fails, so a corrected retry runs", async () => {
    const idem = randomUUID();
    const bad = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "Retry", type: "restricted", environment: "test" },
      headers: { "idempotency-key": idem },
    });
    expect(isProblem(bad, 422)).toBe(true);
    const good = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "Retry", type: "restricted", environment: "test", permissions: ["charges:read"] },
      headers: { "idempotency-key": idem },
    });
    expect(good.status).toBe(201);
    expect(good.body.secret).toMatch(/^rk_test_/);
  });

  it("scopes keys per merchant: another merchant's identical key is a different request", async () => {
    const other = await merchantWithKeys("HTTP idempotency other");
    const idem = randomUUID();
    const body = { name: "Shared idem", type: "secret", environment: "test" };
    const a = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body, headers: { "idempotency-key": idem } });
    const b = await call("POST", "/api/v1/api-keys", { key: other.secret.secret, body, headers: { "idempotency-key": idem } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.secret).toMatch(/^sk_test_/);
    expect(b.body.id).not.toBe(a.body.id);
  });

  it("refuses a malformed Idempotency-Key with 400", async () => {
    const before = await keyCount();
    const res = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "x", type: "secret", environment: "test" },
      headers: { "idempotency-key": "x".repeat(300) },
    });
    expect(isProblem(res, 400)).toBe(true);
    expect(await keyCount()).toBe(before);
  });
});
