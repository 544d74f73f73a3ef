import { beforeAll, describe, expect, it } from "vitest";
import { call, fieldsOf, isProblem, merchantWithKeys, server } from "./api-support";

/** Per-key IP allowlists over real HTTP: the tests call from 127.0.0.1. */

let acme: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  acme = await merchantWithKeys("HTTP allowlist Acme");
});

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("IP allowlists", () => {
  it("refuses a key used from outside its allowlist with 403, records it, and accepts it once 127.0.0.1/32 is added", async () => {
    const created = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: { name: "Office only", type: "secret", environment: "test", allowed_ips: ["10.0.0.0/8"] },
    });
    expect(created.status).toBe(201);
    expect(created.body.allowed_ips).toEqual(["10.0.0.0/8"]);
    const { id, secret } = created.body as { id: string; secret: string };

    const refused = await call("GET", "/api/v1/whoami", { key: secret });
    expect(isProblem(refused, 403)).toBe(true);
    expect(refused.body.detail).toMatch(/cannot be used from the IP address 127\.0\.0\.1/);
    expect(refused.body.detail).toMatch(/allowed IPs/);
    // Distinct from the uniform answer for a key that is not real.
    const bogus = await call("GET", "/api/v1/whoami", { key: `${secret.slice(0, -4)}AAAA` });
    expect(bogus.status).toBe(401);
    expect(refused.body.detail).not.toBe(bogus.body.detail);
    // Refused on every key-authenticated route, and the request did nothing.
    expect(isProblem(await call("POST", "/api/v1/api-keys", { key: secret, body: { name: "x", type: "secret", environment: "test" } }), 403)).toBe(true);

    const recorded = await until(
      async () => (await call("GET", `/api/v1/api-keys/${id}`, { key: acme.secret.secret })).body,
      (k) => k.denied_count >= 2,
    );
    expect(recorded).toMatchObject({ denied_count: 2, last_denied_ip: "127.0.0.1", last_used_at: null, last_used_ip: null });
    expect(recorded.last_denied_at).toBeGreaterThan(0);

    const widened = await call("PATCH", `/api/v1/api-keys/${id}`, {
      key: acme.secret.secret,
      body: { allowed_ips: ["10.0.0.0/8", "127.0.0.1/32"] },
    });
    expect(widened.status).toBe(200);
    expect(widened.body.allowed_ips).toEqual(["10.0.0.0/8", "127.0.0.1/32"]);
    const who = await call("GET", "/api/v1/whoami", { key: secret });
    expect(who.status).toBe(200);
    expect(who.body.id).toBe(id);
    const used = await until(
      async () => (await call("GET", `/api/v1/api-keys/${id}`, { key: acme.secret.secret })).body,
      (k) => k.last_used_at !== null,
    );
    expect(used).toMatchObject({ last_used_ip: "127.0.0.1", denied_count: 2 });

    const { db } = await server();
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "api_key.updated" } });
    expect(JSON.parse(event.changes)).toEqual({ allowedIps: [["10.0.0.0/8"], ["10.0.0.0/8", "127.0.0.1/32"]] });

    const cleared = await call("PATCH", `/api/v1/api-keys/${id}`, { key: acme.secret.secret, body: { allowed_ips: null } });
    expect(cleared.body.allowed_ips).toBeNull();
  });

  it("answers 422 for an invalid entry and changes nothing", async () => {
    const k = await acme.make({ name: "Guarded", type: "restricted", environment: "test", permissions: ["charges:read"] });
    const { db } = await server();
    await db.apiKey.update({ where: { id: k.id }, data: { allowedIps: JSON.stringify(["127.0.0.1"]) } });
    const before = await db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    const events = await db.auditEvent.count({ where: { merchantId: acme.merchant.id } });
    for (const allowed_ips of [["10.0.0.0/33"], ["127.0.0.1", "not-an-ip"], ["10.0.0.1/8/8"], "10.0.0.0/8", [""]]) {
      const res = await call("PATCH", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret, body: { name: "Changed", allowed_ips } });
      expect(isProblem(res, 422), JSON.stringify(allowed_ips)).toBe(true);
      expect(fieldsOf(res).every((f) => f.startsWith("allowed_ips")), fieldsOf(res).join()).toBe(true);
    }
    const tooMany = Array.from({ length: 101 }, (_, i) => `10.0.0.${i}`);
    expect(isProblem(await call("PATCH", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret, body: { allowed_ips: tooMany } }), 422)).toBe(true);
    const after = await db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(after).toMatchObject({ name: before.name, allowedIps: before.allowedIps });
    expect(await db.auditEvent.count({ where: { merchantId: acme.merchant.id } })).toBe(events);
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(200);
  });

  it("refuses an allowlist on a publishable key (422) and creates nothing", async () => {
    const { db } = await server();
    const before = await db.apiKey.count({ where: { merchantId: acme.merchant.id } });
    const res = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: { name: "Browser", type: "publishable", environment: "test", allowed_ips: ["10.0.0.0/8"] },
    });
    expect(isProblem(res, 422)).toBe(true);
    expect(fieldsOf(res)).toEqual(["allowed_ips"]);
    expect(isProblem(await call("PATCH", `/api/v1/api-keys/${acme.publishable.id}`, { key: acme.secret.secret, body: { allowed_ips: ["10.0.0.0/8"] } }), 422)).toBe(true);
    expect(await db.apiKey.count({ where: { merchantId: acme.merchant.id } })).toBe(before);
  });

  it("keeps the allowlist through a roll", async () => {
    const created = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: { name: "Rolled office key", type: "secret", environment: "test", allowed_ips: ["::1", "2001:db8::/32", "127.0.0.1"] },
    });
    expect(created.body.allowed_ips).toEqual(["::1", "2001:db8::/32", "127.0.0.1"]);
    const rolled = await call("POST", `/api/v1/api-keys/${created.body.id}/regenerate`, { key: acme.secret.secret, body: {} });
    expect(rolled.body.allowed_ips).toEqual(["::1", "2001:db8::/32", "127.0.0.1"]);
    expect((await call("GET", "/api/v1/whoami", { key: rolled.body.secret })).status).toBe(200);
  });
});
