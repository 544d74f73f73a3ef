import { beforeAll, describe, expect, it } from "vitest";
import { apiKeyList, apiKeyObject, createdApiKeyObject, regeneratedApiKeyObject } from "@/lib/validations/api/api-keys";
import { auditEventList } from "@/lib/validations/api/audit-events";
import { call, fieldsOf, isProblem, merchantWithKeys, server } from "./api-support";

/** Every row of the key-management table, over real HTTP against the production server. */

let acme: Awaited<ReturnType<typeof merchantWithKeys>>;
let globex: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  acme = await merchantWithKeys("HTTP keys Acme");
  globex = await merchantWithKeys("HTTP keys Globex");
});

const SECRET_PATTERN = /^sk_test_[0-9A-Za-z]{46}$/;

describe("POST /api/v1/api-keys", () => {
  it("creates a key and returns its secret once, which then authenticates", async () => {
    const res = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: {
        name: "Deploy bot",
        description: "Rotates nightly",
        type: "restricted",
        environment: "test",
        permissions: ["api_keys:read", "charges:write"],
        expires_at: "never",
        metadata: { team: "payments" },
      },
    });
    expect(res.status).toBe(201);
    const key = createdApiKeyObject.parse(res.body);
    expect(key).toMatchObject({
      object: "api_key",
      name: "Deploy bot",
      description: "Rotates nightly",
      type: "restricted",
      environment: "test",
      permissions: ["api_keys:read", "charges:write"],
      status: "active",
      expires_at: null,
      metadata: { team: "payments" },
      refreshable: false,
    });
    expect(key.secret).toMatch(/^rk_test_/);
    expect(key.prefix).toBe(key.secret!.slice(0, 12));
    const who = await call("GET", "/api/v1/whoami", { key: key.secret });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ id: key.id, merchant: acme.merchant.id, type: "restricted" });
    // Never again: neither the list nor the key shows the secret.
    const again = await call("GET", `/api/v1/api-keys/${key.id}`, { key: acme.secret.secret });
    expect(again.text).not.toContain(key.secret);
    expect(again.body.secret).toBeUndefined();
  });

  it("accepts expires_at as a Unix timestamp or an ISO date-time, and X-API-Key / api-key headers", async () => {
    const at = Math.floor(Date.now() / 1000) + 7 * 86_400;
    const unix = await call("POST", "/api/v1/api-keys", {
      headers: { "x-api-key": acme.secret.secret },
      body: { name: "Unix", type: "secret", environment: "test", expires_at: at },
    });
    expect(unix.status).toBe(201);
    expect(unix.body.expires_at).toBe(at);
    const iso = await call("POST", "/api/v1/api-keys", {
      headers: { "api-key": acme.secret.secret },
      body: { name: "ISO", type: "secret", environment: "test", expires_at: new Date(at * 1000).toISOString() },
    });
    expect(iso.status).toBe(201);
    expect(iso.body.expires_at).toBe(at);
  });

  it("refuses to grant permissions the calling key does not hold (403) and creates nothing", async () => {
    const { db } = await server();
    const before = await db.apiKey.count({ where: { merchantId: acme.merchant.id } });
    const writer = await acme.make({ name: "Key writer", type: "restricted", environment: "test", permissions: ["api_keys:write"] });
    const res = await call("POST", "/api/v1/api-keys", {
      key: writer.secret,
      body: { name: "Escalate", type: "secret", environment: "test" },
    });
    expect(isProblem(res, 403)).toBe(true);
    expect(await db.apiKey.count({ where: { merchantId: acme.merchant.id } })).toBe(before + 1);
  });

  it("keeps a test key out of live keys (403)", async () => {
    const res = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: { name: "Live from test", type: "secret", environment: "live" },
    });
    expect(isProblem(res, 403)).toBe(true);
  });

  it("validates like the dashboard: a restricted key needs permissions (422 with the field)", async () => {
    const res = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: { name: "No perms", type: "restricted", environment: "test" },
    });
    expect(isProblem(res, 422)).toBe(true);
    expect(fieldsOf(res)).toEqual(["permissions"]);
  });

  it("maps service field errors to the API's snake_case names", async () => {
    const res = await call("POST", "/api/v1/api-keys", {
      key: acme.secret.secret,
      body: { name: "Past", type: "secret", environment: "test", expires_at: 1000 },
    });
    expect(isProblem(res, 422)).toBe(true);
    expect(fieldsOf(res)).toEqual(["expires_at"]);
  });
});

describe("GET /api/v1/api-keys", () => {
  it("lists newest first with cursor pagination, never returning secrets", async () => {
    const m = await merchantWithKeys("HTTP keys pagination");
    for (let i = 0; i < 4; i++) await m.make({ name: `Extra ${i}`, type: "secret", environment: "test" });
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page++) {
      const q: string = cursor ? `&starting_after=${cursor}` : "";
      const res = await call("GET", `/api/v1/api-keys?limit=3${q}`, { key: m.secret.secret });
      expect(res.status).toBe(200);
      const list = apiKeyList.parse(res.body);
      expect(list.data.length).toBeLessThanOrEqual(3);
      seen.push(...list.data.map((k) => k.id));
      expect(res.text).not.toMatch(/"secret":/);
      expect(res.text).not.toMatch(/(sk|rk)_test_[0-9A-Za-z]{46}/);
      if (!list.has_more) break;
      cursor = list.next_cursor;
    }
    // A test key sees the merchant's test keys only: 4 fixtures + 4 extras.
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);
    const all = await call("GET", "/api/v1/api-keys?limit=100", { key: m.secret.secret });
    const createdAt = (all.body.data as { created_at: number }[]).map((k) => k.created_at);
    expect([...createdAt].sort((a, b) => b - a)).toEqual(createdAt);
    expect(all.body.data.map((k: { id: string }) => k.id)).toEqual(seen);
  });

  it("filters by type and status; an API key cannot list the other environment", async () => {
    const m = await merchantWithKeys("HTTP keys filters");
    const restricted = await call("GET", "/api/v1/api-keys?type=restricted", { key: m.secret.secret });
    expect(restricted.body.data.map((k: { name: string }) => k.name).sort()).toEqual(["Charges only", "Read only"]);
    const { service } = await server();
    await service.revokeApiKey(m.actors.owner, m.noKeys.id);
    const revoked = await call("GET", "/api/v1/api-keys?status=revoked", { key: m.secret.secret });
    expect(revoked.body.data.map((k: { id: string }) => k.id)).toEqual([m.noKeys.id]);
    const active = await call("GET", "/api/v1/api-keys?status=active&type=restricted", { key: m.secret.secret });
    expect(active.body.data.map((k: { id: string }) => k.id)).toEqual([m.readOnly.id]);
    const live = await call("GET", "/api/v1/api-keys?environment=live", { key: m.secret.secret });
    expect(isProblem(live, 403)).toBe(true);
    const liveFromLive = await call("GET", "/api/v1/api-keys?environment=live", { key: m.live.secret });
    expect(liveFromLive.body.data.map((k: { id: string }) => k.id)).toEqual([m.live.id]);
  });

  it("rejects bad query parameters with 422 and a foreign cursor with 404", async () => {
    const bad = await call("GET", "/api/v1/api-keys?limit=500&status=sleeping&page=2", { key: acme.secret.secret });
    expect(isProblem(bad, 422)).toBe(true);
    expect(fieldsOf(bad)).toEqual(["limit", "page", "status"].sort());
    const foreign = await call("GET", `/api/v1/api-keys?starting_after=${globex.secret.id}`, { key: acme.secret.secret });
    expect(isProblem(foreign, 404)).toBe(true);
  });
});

describe("GET /api/v1/api-keys/{id}", () => {
  it("returns the documented fields", async () => {
    const res = await call("GET", `/api/v1/api-keys/${acme.readOnly.id}`, { key: acme.secret.secret });
    expect(res.status).toBe(200);
    const key = apiKeyObject.parse(res.body);
    expect(Object.keys(res.body).sort()).toEqual(Object.keys(apiKeyObject.shape).sort());
    expect(key).toMatchObject({ id: acme.readOnly.id, type: "restricted", permissions: ["api_keys:read"] });
  });

  it("records last use: last_used_at and last_used_ip appear after the key is used", async () => {
    const k = await acme.make({ name: "Used", type: "secret", environment: "test" });
    await call("GET", "/api/v1/whoami", { key: k.secret });
    let body: { last_used_at: number | null; last_used_ip: string | null } = { last_used_at: null, last_used_ip: null };
    // Usage is flushed in the background about once a second; poll a bounded number of times.
    for (let i = 0; i < 40 && body.last_used_at === null; i++) {
      await new Promise((r) => setTimeout(r, 250));
      body = (await call("GET", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret })).body;
    }
    expect(body.last_used_at).not.toBeNull();
    expect(body.last_used_ip).toBe("127.0.0.1");
  });

  it("answers 404 for another merchant's key exactly as for a key that does not exist", async () => {
    const foreign = await call("GET", `/api/v1/api-keys/${globex.secret.id}`, { key: acme.secret.secret });
    const missing = await call("GET", "/api/v1/api-keys/key_00000000000000000000", { key: acme.secret.secret });
    const malformed = await call("GET", "/api/v1/api-keys/not-a-key", { key: acme.secret.secret });
    for (const res of [foreign, missing, malformed]) expect(isProblem(res, 404)).toBe(true);
    expect(foreign.text).toBe(missing.text);
    expect(foreign.text).toBe(malformed.text);
  });

  it("hides a live key from a test key (404)", async () => {
    const res = await call("GET", `/api/v1/api-keys/${acme.live.id}`, { key: acme.secret.secret });
    expect(isProblem(res, 404)).toBe(true);
  });
});

describe("PATCH /api/v1/api-keys/{id}", () => {
  it("updates name, description, permissions, expiry and metadata", async () => {
    const k = await acme.make({ name: "Patch me", type: "restricted", environment: "test", permissions: ["charges:read"] });
    const at = Math.floor(Date.now() / 1000) + 86_400;
    const res = await call("PATCH", `/api/v1/api-keys/${k.id}`, {
      key: acme.secret.secret,
      body: { name: "Patched", description: "now with refunds", permissions: ["refunds:write"], expires_at: at, metadata: { a: "b" } },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: k.id,
      name: "Patched",
      description: "now with refunds",
      permissions: ["refunds:write"],
      expires_at: at,
      metadata: { a: "b" },
    });
    const never = await call("PATCH", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret, body: { expires_at: "never", description: null } });
    expect(never.body).toMatchObject({ expires_at: null, description: null });
  });

  it("refuses permissions on a secret key (422) and edits of a revoked key (409)", async () => {
    const k = await acme.make({ name: "Fixed", type: "secret", environment: "test" });
    const perms = await call("PATCH", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret, body: { permissions: ["charges:read"] } });
    expect(isProblem(perms, 422)).toBe(true);
    expect(fieldsOf(perms)).toEqual(["permissions"]);
    await call("DELETE", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret });
    const revoked = await call("PATCH", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret, body: { name: "Zombie" } });
    expect(isProblem(revoked, 409)).toBe(true);
  });

  it("cannot touch another merchant's key (404, unchanged)", async () => {
    const res = await call("PATCH", `/api/v1/api-keys/${globex.readOnly.id}`, { key: acme.secret.secret, body: { name: "Mine now" } });
    expect(isProblem(res, 404)).toBe(true);
    const { db } = await server();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: globex.readOnly.id } })).name).toBe("Read only");
  });
});

describe("POST /api/v1/api-keys/{id}/regenerate", () => {
  it("returns the new secret once and when the old one stops working; both work during the grace period", async () => {
    const k = await acme.make({ name: "Roll me", type: "secret", environment: "test" });
    const before = Math.floor(Date.now() / 1000);
    const res = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, {
      key: acme.secret.secret,
      body: { expire_previous_in: 3600 },
    });
    expect(res.status).toBe(200);
    const rolled = regeneratedApiKeyObject.parse(res.body);
    expect(rolled.secret).toMatch(SECRET_PATTERN);
    expect(rolled.rolled_from).toBe(k.id);
    expect(rolled.name).toBe("Roll me");
    expect(rolled.previous_key.id).toBe(k.id);
    expect(rolled.previous_key.expires_at).toBeGreaterThanOrEqual(before + 3600);
    expect(rolled.previous_key.expires_at).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000) + 3600);
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(200);
    expect((await call("GET", "/api/v1/whoami", { key: rolled.secret! })).status).toBe(200);
    const old = await call("GET", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret });
    expect(old.body).toMatchObject({ status: "expiring", replaced_by: rolled.id });
    // Rolling the same key again is a conflict.
    const again = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, { key: acme.secret.secret, body: { expire_previous_in: 0 } });
    expect(isProblem(again, 409)).toBe(true);
  });

  it("with no body expires the old secret at once", async () => {
    const k = await acme.make({ name: "Roll now", type: "secret", environment: "test" });
    const res = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, { key: acme.secret.secret });
    expect(res.status).toBe(200);
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(401);
    expect((await call("GET", "/api/v1/whoami", { key: res.body.secret })).status).toBe(200);
  });

  it("refuses a grace period over 30 days (422) and changes nothing", async () => {
    const k = await acme.make({ name: "Too long", type: "secret", environment: "test" });
    const res = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, {
      key: acme.secret.secret,
      body: { expire_previous_in: 31 * 86_400 },
    });
    expect(isProblem(res, 422)).toBe(true);
    expect(fieldsOf(res)).toEqual(["expire_previous_in"]);
    const { db } = await server();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: k.id } })).replacedById).toBeNull();
  });

  it("answers 404 for another merchant's key", async () => {
    const res = await call("POST", `/api/v1/api-keys/${globex.secret.id}/regenerate`, { key: acme.secret.secret, body: {} });
    expect(isProblem(res, 404)).toBe(true);
    expect((await call("GET", "/api/v1/whoami", { key: globex.secret.secret })).status).toBe(200);
  });
});

describe("DELETE /api/v1/api-keys/{id}", () => {
  it("revokes at once and is idempotent", async () => {
    const k = await acme.make({ name: "Revoke me", type: "secret", environment: "test" });
    const first = await call("DELETE", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: k.id, status: "revoked" });
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(401);
    const second = await call("DELETE", `/api/v1/api-keys/${k.id}`, { key: acme.secret.secret });
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    const { db } = await server();
    expect(await db.auditEvent.count({ where: { targetId: k.id, action: "api_key.revoked" } })).toBe(1);
  });

  it("cannot revoke another merchant's key (404, still working)", async () => {
    const res = await call("DELETE", `/api/v1/api-keys/${globex.readOnly.id}`, { key: acme.secret.secret });
    expect(isProblem(res, 404)).toBe(true);
    expect((await call("GET", "/api/v1/whoami", { key: globex.readOnly.secret })).status).toBe(200);
  });
});

describe("GET /api/v1/audit-events", () => {
  it("lists the merchant's events newest first, paginated, including API-made changes", async () => {
    const m = await merchantWithKeys("HTTP audit");
    const created = await call("POST", "/api/v1/api-keys", { key: m.secret.secret, body: { name: "Audited", type: "secret", environment: "test" } });
    const res = await call("GET", "/api/v1/audit-events?limit=2", { key: m.secret.secret });
    expect(res.status).toBe(200);
    const page = auditEventList.parse(res.body);
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
    expect(page.data[0]).toMatchObject({
      action: "api_key.created",
      target: { type: "api_key", id: created.body.id },
      actor: { type: "api_key", id: m.secret.id },
    });
    const next = await call("GET", `/api/v1/audit-events?limit=100&starting_after=${page.next_cursor}`, { key: m.secret.secret });
    const ids = [...page.data, ...next.body.data].map((e: { id: string }) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // 4 test-environment fixture keys + 1 created over the API (the live fixture key's event is the live keys' business).
    expect(ids).toHaveLength(5);
    expect(res.text).not.toContain(created.body.secret);
  });

  it("shows a key with only api_keys:read the key events, and filters by target", async () => {
    const res = await call("GET", `/api/v1/audit-events?target=${acme.readOnly.id}`, { key: acme.readOnly.secret });
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    for (const e of res.body.data) expect(e.action).toMatch(/^api_key\./);
    const other = await call("GET", "/api/v1/audit-events?action=team.", { key: acme.readOnly.secret });
    expect(other.body.data).toEqual([]);
  });

  it("keeps test and live apart for keys: a test key never sees live events, merchant-wide events are for live keys", async () => {
    const m = await merchantWithKeys("HTTP audit environments");
    await server();
    const { inviteMember } = await import("@/lib/team/service");
    await inviteMember(m.actors.owner, { email: `audit-env-${Date.now()}@example.test`, role: "viewer" });
    const liveChange = await call("PATCH", `/api/v1/api-keys/${m.live.id}`, { key: m.live.secret, body: { name: "Live renamed" } });
    expect(liveChange.status).toBe(200);

    // The reported hole: a test key asking for a live key's events by id.
    const byTarget = await call("GET", `/api/v1/audit-events?target=${m.live.id}`, { key: m.secret.secret });
    expect(byTarget.status).toBe(200);
    expect(byTarget.body.data).toEqual([]);
    const byActor = await call("GET", `/api/v1/audit-events?actor=${m.live.id}`, { key: m.secret.secret });
    expect(byActor.body.data).toEqual([]);

    const all = async (key: string) => {
      const res = await call("GET", "/api/v1/audit-events?limit=100", { key });
      expect(res.status).toBe(200);
      return res.body.data as { id: string; action: string; target: { type: string; id: string } }[];
    };
    const testView = await all(m.secret.secret);
    expect(testView.some((e) => e.target.id === m.secret.id)).toBe(true);
    expect(testView.some((e) => e.target.id === m.live.id)).toBe(false);
    expect(testView.some((e) => e.action.startsWith("team."))).toBe(false);

    const liveView = await all(m.live.secret);
    expect(liveView.filter((e) => e.target.id === m.live.id).map((e) => e.action).sort()).toEqual(["api_key.created", "api_key.updated"]);
    expect(liveView.some((e) => e.target.id === m.secret.id)).toBe(false);
    expect(liveView.some((e) => e.action === "team.invite_created")).toBe(true);

    // A cursor from the other environment is not found, like a foreign one.
    const liveEvent = liveView.find((e) => e.target.id === m.live.id)!;
    const cross = await call("GET", `/api/v1/audit-events?starting_after=${liveEvent.id}`, { key: m.secret.secret });
    expect(isProblem(cross, 404)).toBe(true);
  });

  it("never shows another merchant's events", async () => {
    const res = await call("GET", `/api/v1/audit-events?target=${globex.secret.id}`, { key: acme.secret.secret });
    expect(res.body.data).toEqual([]);
    const foreignCursor = await call("GET", "/api/v1/audit-events?limit=1", { key: globex.secret.secret });
    const cross = await call("GET", `/api/v1/audit-events?starting_after=${foreignCursor.body.data[0].id}`, { key: acme.secret.secret });
    expect(isProblem(cross, 404)).toBe(true);
  });

  it("refuses a key without api_keys:read or audit_events:read (403)", async () => {
    const res = await call("GET", "/api/v1/audit-events", { key: acme.noKeys.secret });
    expect(isProblem(res, 403)).toBe(true);
  });
});

describe("authentication and permissions", () => {
  const routes: [string, string, unknown?][] = [
    ["GET", "/api/v1/api-keys"],
    ["POST", "/api/v1/api-keys", { name: "x", type: "secret", environment: "test" }],
    ["GET", "/api/v1/api-keys/key_00000000000000000000"],
    ["PATCH", "/api/v1/api-keys/key_00000000000000000000", { name: "x" }],
    ["DELETE", "/api/v1/api-keys/key_00000000000000000000"],
    ["POST", "/api/v1/api-keys/key_00000000000000000000/regenerate", {}],
    ["GET", "/api/v1/audit-events"],
  ];

  it("answers every route without a key, with a malformed key, or with a revoked key by the same 401", async () => {
    const revoked = await acme.make({ name: "Revoked", type: "secret", environment: "test" });
    const { service } = await server();
    await service.revokeApiKey(acme.actors.owner, revoked.id);
    for (const [method, path, body] of routes) {
      const texts = new Set<string>();
      for (const key of [null, "sk_test_nope", revoked.secret]) {
        const res = await call(method, path, { key, body });
        expect(isProblem(res, 401)).toBe(true);
        expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
        texts.add(res.text);
      }
      expect(texts.size).toBe(1);
    }
  });

  it("refuses publishable keys on every route (403)", async () => {
    for (const [method, path, body] of routes) {
      const res = await call(method, path, { key: acme.publishable.secret, body });
      expect(isProblem(res, 403)).toBe(true);
      expect(res.body.detail).toMatch(/[Pp]ublishable/);
    }
  });

  it("refuses writes to a restricted key without api_keys:write (403) but lets it read", async () => {
    const { db } = await server();
    const target = await acme.make({ name: "Target", type: "secret", environment: "test" });
    const before = await db.auditEvent.count({ where: { merchantId: acme.merchant.id } });
    const writes: [string, string, unknown?][] = [
      ["POST", "/api/v1/api-keys", { name: "x", type: "secret", environment: "test" }],
      ["PATCH", `/api/v1/api-keys/${target.id}`, { name: "x" }],
      ["DELETE", `/api/v1/api-keys/${target.id}`],
      ["POST", `/api/v1/api-keys/${target.id}/regenerate`, {}],
    ];
    for (const [method, path, body] of writes) {
      const res = await call(method, path, { key: acme.readOnly.secret, body });
      expect(isProblem(res, 403)).toBe(true);
      expect(res.body.detail).toContain("api_keys:write");
    }
    expect(await db.auditEvent.count({ where: { merchantId: acme.merchant.id } })).toBe(before);
    expect((await call("GET", `/api/v1/api-keys/${target.id}`, { key: acme.readOnly.secret })).status).toBe(200);
    // A key with no api_keys permission at all cannot even read.
    expect(isProblem(await call("GET", "/api/v1/api-keys", { key: acme.noKeys.secret }), 403)).toBe(true);
  });
});
