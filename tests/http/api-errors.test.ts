import { request as httpRequest } from "node:http";
import { beforeAll, describe, expect, it } from "vitest";
import { baseUrl, call, fieldsOf, isProblem, merchantWithKeys, server } from "./api-support";

/** Bad input of every kind gets its 4xx as problem+json, and changes nothing. */

let m: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  m = await merchantWithKeys("HTTP errors");
});

/** Keys, audit events, refresh tokens and idempotency records of the merchant: what bad input must not change. */
async function snapshot() {
  const { db } = await server();
  const where = { merchantId: m.merchant.id };
  const keys = await db.apiKey.findMany({ where, orderBy: { id: "asc" } });
  return JSON.stringify({
    keys: keys.map((k) => ({ ...k, lastUsedAt: null, lastUsedIp: null, updatedAt: null })),
    events: await db.auditEvent.count({ where }),
    tokens: await db.refreshToken.count({ where }),
    idempotency: await db.idempotencyRecord.count({ where }),
  });
}

/** Sends a body in chunks without a Content-Length, so only the bytes received can reveal its size. */
function chunkedPost(path: string, key: string, chunks: string[]): Promise<{ status: number; text: string; contentType: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, baseUrl);
    const req = httpRequest(
      url,
      { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "transfer-encoding": "chunked" } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text, contentType: String(res.headers["content-type"]) }));
      },
    );
    req.on("error", (err) => {
      // The server may close the connection once it has refused the body.
      if ((err as NodeJS.ErrnoException).code === "ECONNRESET" || (err as NodeJS.ErrnoException).code === "EPIPE") {
        resolve({ status: -1, text: "", contentType: "" });
      } else reject(err);
    });
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describe("request bodies", () => {
  it("answers malformed JSON with 400 and changes nothing", async () => {
    const before = await snapshot();
    for (const raw of ['{"name": "x",', "{name: 'x'}", "nul", '{"a":1}}']) {
      const res = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, raw, headers: { "content-type": "application/json" } });
      expect(isProblem(res, 400)).toBe(true);
      const patch = await call("PATCH", `/api/v1/api-keys/${m.readOnly.id}`, {
        key: m.secret.secret,
        raw,
        headers: { "content-type": "application/json" },
      });
      expect(isProblem(patch, 400)).toBe(true);
    }
    expect(await snapshot()).toBe(before);
  });

  it("answers a non-JSON content type with 415 and changes nothing", async () => {
    const before = await snapshot();
    const body = JSON.stringify({ name: "x", type: "secret", environment: "test" });
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
      const res = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, raw: body, headers: { "content-type": type } });
      expect(isProblem(res, 415)).toBe(true);
    }
    const none = await call("PATCH", `/api/v1/api-keys/${m.readOnly.id}`, { key: m.secret.secret, raw: '{"name":"x"}' });
    expect(isProblem(none, 415)).toBe(true);
    // application/json with a charset, and +json types, are fine.
    const ok = await call("PATCH", `/api/v1/api-keys/${m.readOnly.id}`, {
      key: m.secret.secret,
      raw: "{}",
      headers: { "content-type": "application/merge-patch+json; charset=utf-8" },
    });
    expect(ok.status).toBe(200);
    expect(await snapshot()).toBe(before);
  });

  it("answers a body over 64 KiB with 413, by Content-Length or by the bytes actually sent, and changes nothing", async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ name: "x", type: "secret", environment: "test", description: "a".repeat(70 * 1024) });
    const declared = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      raw: huge,
      headers: { "content-type": "application/json" },
    });
    expect(isProblem(declared, 413)).toBe(true);
    const chunk = "a".repeat(16 * 1024);
    const chunked = await chunkedPost("/api/v1/api-keys", m.secret.secret, [
      '{"name":"x","type":"secret","environment":"test","description":"',
      chunk,
      chunk,
      chunk,
      chunk,
      chunk,
      '"}',
    ]);
    expect([413, -1]).toContain(chunked.status);
    if (chunked.status === 413) expect(chunked.contentType).toMatch(/^application\/problem\+json/);
    expect(await snapshot()).toBe(before);
  });

  it("answers a body that is not an object, or has wrong types, with 422 naming each field", async () => {
    const before = await snapshot();
    const array = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body: [1, 2] });
    expect(isProblem(array, 422)).toBe(true);
    const wrong = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: 42, type: "superuser", environment: ["test"], permissions: "all", metadata: { k: 1 }, expires_at: "tomorrow" },
    });
    expect(isProblem(wrong, 422)).toBe(true);
    expect(fieldsOf(wrong)).toEqual(["environment", "expires_at", "metadata.k", "name", "permissions", "type"]);
    for (const e of wrong.body.errors) expect(e.messages.length).toBeGreaterThan(0);
    const patch = await call("PATCH", `/api/v1/api-keys/${m.readOnly.id}`, {
      key: m.secret.secret,
      body: { name: "", permissions: ["charges:fly"] },
    });
    expect(isProblem(patch, 422)).toBe(true);
    expect(fieldsOf(patch)).toEqual(["name", "permissions.0"]);
    const roll = await call("POST", `/api/v1/api-keys/${m.readOnly.id}/regenerate`, {
      key: m.secret.secret,
      body: { expire_previous_in: "soon" },
    });
    expect(isProblem(roll, 422)).toBe(true);
    expect(await snapshot()).toBe(before);
  });

  it("rejects unknown fields (422, named) and changes nothing", async () => {
    const before = await snapshot();
    const create = await call("POST", "/api/v1/api-keys", {
      key: m.secret.secret,
      body: { name: "x", type: "secret", environment: "test", merchant_id: "mer_other", secret_hash: "00" },
    });
    expect(isProblem(create, 422)).toBe(true);
    expect(fieldsOf(create)).toEqual(["merchant_id", "secret_hash"]);
    const patch = await call("PATCH", `/api/v1/api-keys/${m.readOnly.id}`, { key: m.secret.secret, body: { type: "secret" } });
    expect(isProblem(patch, 422)).toBe(true);
    expect(fieldsOf(patch)).toEqual(["type"]);
    const roll = await call("POST", `/api/v1/api-keys/${m.readOnly.id}/regenerate`, { key: m.secret.secret, body: { grace: 5 } });
    expect(isProblem(roll, 422)).toBe(true);
    const refresh = await call("POST", "/api/v1/api-keys/refresh", { body: { token: "rt_test_x", extra: true } });
    expect(isProblem(refresh, 422)).toBe(true);
    expect(await snapshot()).toBe(before);
  });

  it("rejects unknown fields named like Object's own properties (422, named), never a 500", async () => {
    const before = await snapshot();
    for (const field of ["constructor", "__proto__", "toString", "hasOwnProperty", "prototype"]) {
      // Written by hand: JSON.stringify of an object literal cannot carry an own "__proto__".
      const raw = `{"name":"x","type":"secret","environment":"test",${JSON.stringify(field)}:{"polluted":true}}`;
      const create = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, raw, headers: { "content-type": "application/json" } });
      expect(isProblem(create, 422), `${field}: ${create.status} ${create.text}`).toBe(true);
      expect(fieldsOf(create)).toEqual([field]);
      const patch = await call("PATCH", `/api/v1/api-keys/${m.readOnly.id}`, {
        key: m.secret.secret,
        raw: `{${JSON.stringify(field)}:1}`,
        headers: { "content-type": "application/json" },
      });
      expect(isProblem(patch, 422), `${field}: ${patch.status}`).toBe(true);
      expect(fieldsOf(patch)).toEqual([field]);
    }
    // Query parameters too. (A "__proto__" parameter never reaches the handler: the server's query parsing drops it.)
    for (const field of ["constructor", "toString"]) {
      const list = await call("GET", `/api/v1/api-keys?${field}=1`, { key: m.secret.secret });
      expect(isProblem(list, 422), `${field}: ${list.status}`).toBe(true);
      expect(fieldsOf(list)).toEqual([field]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await snapshot()).toBe(before);
  });

  it("refuses deeply nested JSON with 400 before any work, with or without an Idempotency-Key", async () => {
    const before = await snapshot();
    const deep = `${"[".repeat(30_000)}${"]".repeat(30_000)}`;
    const nestedField = `{"name":"x","type":"secret","environment":"test","metadata":${"{\"a\":".repeat(40)}1${"}".repeat(40)}}`;
    for (const raw of [deep, nestedField]) {
      for (const headers of [{}, { "idempotency-key": `deep-${Date.now()}-${raw.length}` }] as Record<string, string>[]) {
        const res = await call("POST", "/api/v1/api-keys", {
          key: m.secret.secret,
          raw,
          headers: { "content-type": "application/json", ...headers },
        });
        expect(isProblem(res, 400), `${res.status} ${res.text.slice(0, 200)}`).toBe(true);
        expect(res.body.detail).toMatch(/nests deeper/);
      }
    }
    const refresh = await call("POST", "/api/v1/api-keys/refresh", { raw: deep, headers: { "content-type": "application/json", "idempotency-key": "deep-refresh" } });
    expect(isProblem(refresh, 400)).toBe(true);
    // Nesting within the limit is simply validated.
    const shallow = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body: { name: [[["x"]]], type: "secret", environment: "test" } });
    expect(isProblem(shallow, 422)).toBe(true);
    expect(await snapshot()).toBe(before);
  });
});

describe("other errors", () => {
  it("answers unknown API paths with a problem+json 404", async () => {
    const res = await call("GET", "/api/v1/nothing/here", { key: m.secret.secret });
    expect(isProblem(res, 404)).toBe(true);
    expect(res.headers.get("ratelimit-limit")).not.toBeNull();
    const post = await call("POST", "/api/v1/api-keys/key_00000000000000000000/nothing", { raw: "x", headers: { "content-type": "text/plain" } });
    expect(isProblem(post, 404)).toBe(true);
  });

  it("answers a conflict with 409 (editing a revoked key) and a gone secret never leaks", async () => {
    const k = await m.make({ name: "Conflict", type: "secret", environment: "test" });
    await call("DELETE", `/api/v1/api-keys/${k.id}`, { key: m.secret.secret });
    const res = await call("PATCH", `/api/v1/api-keys/${k.id}`, { key: m.secret.secret, body: { name: "again" } });
    expect(isProblem(res, 409)).toBe(true);
    expect(res.text).not.toContain(k.secret);
  });

  it("never puts a secret, a hash or a stack trace in an error", async () => {
    const { db } = await server();
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: m.secret.id } });
    const responses = [
      await call("POST", "/api/v1/api-keys", { key: m.secret.secret, raw: "{", headers: { "content-type": "application/json" } }),
      await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body: { name: m.secret.secret } }),
      await call("GET", `/api/v1/api-keys/${m.secret.secret}`, { key: m.secret.secret }),
      await call("GET", "/api/v1/api-keys", { key: m.secret.secret.slice(0, -1) + "x" }),
    ];
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.text).not.toContain(m.secret.secret);
      expect(res.text).not.toContain(row.secretHash);
      expect(res.text).not.toMatch(/\n\s+at /);
    }
  });
});
