import { readFileSync, existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { sqliteFilePath, databaseKind, databaseUrl } from "@/lib/db/url";
import {
  createApiKey,
  getApiKey,
  listApiKeys,
  revealSecret,
  revokeApiKey,
  rollApiKey,
  updateApiKey,
  purgeExpiredPendingSecrets,
} from "@/lib/api-keys/service";
import { authenticateApiKey, verifyApiKey } from "@/lib/api-keys/authenticate";
import { flushKeyDenials } from "@/lib/api-keys/denials";
import { flushKeyUsage } from "@/lib/api-keys/usage";
import { makeMerchant } from "../support/fixtures";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";

afterEach(() => setClock(null));

const secretKey = { name: "Server", type: "secret", environment: "test" } as const;

/** Every byte of the database on disk, WAL included, as text to search. */
async function rawDatabase(): Promise<string> {
  await db.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
  const file = sqliteFilePath(databaseUrl());
  return ["", "-wal"].map((s) => (existsSync(file + s) ? readFileSync(file + s).toString("latin1") : "")).join("");
}

const sqliteOnly = databaseKind() === "sqlite" ? it : it.skip;

describe("creating and revealing", () => {
  sqliteOnly("keeps no plaintext secret in the database after create, reveal and roll", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "reveal");
    expect(await rawDatabase()).not.toContain(created.secret);
    const revealed = await revealSecret(actors.owner, created.key.id);
    expect(revealed.secret).toBe(created.secret);
    const rolled = await rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 3600 }, "reveal");
    await revealSecret(actors.owner, rolled.key.id);
    const raw = await rawDatabase();
    expect(raw).not.toContain(created.secret);
    expect(raw).not.toContain(rolled.secret);
    // The random part alone must not appear either.
    expect(raw).not.toContain(created.secret.slice(8));
  });

  it("gives exactly one plaintext to 20 concurrent reveals", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "reveal");
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => revealSecret(actors.owner, created.key.id)));
    const won = results.filter((r) => r.status === "fulfilled");
    expect(won).toHaveLength(1);
    expect((won[0] as PromiseFulfilledResult<{ secret: string }>).value.secret).toBe(created.secret);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } });
    expect(row.pendingSecret).toBeNull();
  });

  it("forgets a pending secret after ten minutes", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "reveal");
    expect((await getApiKey(actors.owner, created.key.id)).revealableUntil).not.toBeNull();
    const later = new Date(Date.now() + 10 * 60_000 + 1000);
    setClock(() => later);
    await expect(revealSecret(actors.owner, created.key.id)).rejects.toMatchObject({ code: "gone" });
    // At least this one (other test files share a PostgreSQL database and may have their own to purge).
    expect(await purgeExpiredPendingSecrets(later)).toBeGreaterThanOrEqual(1);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } });
    expect(row.pendingSecret).toBeNull();
  });

  it("refuses bad input without writing anything", async () => {
    const { actors, merchant } = await makeMerchant();
    const bad = [
      { ...secretKey, name: "x".repeat(101) },
      { ...secretKey, type: "restricted", permissions: ["nope:write"] },
      { ...secretKey, expiresAt: new Date(Date.now() - 1000).toISOString() },
      { ...secretKey, unknownField: 1 },
      { ...secretKey, name: "" },
    ];
    for (const input of bad) {
      // Input a client may send: the service's own check is under test.
      await expect(createApiKey(actors.owner, input as CreateApiKeyInput, "reveal")).rejects.toMatchObject({ code: "validation" });
    }
    await expect(getApiKey(actors.owner, "not-an-id")).rejects.toMatchObject({ code: "not_found" });
    expect(await db.apiKey.count({ where: { merchantId: merchant.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { merchantId: merchant.id } })).toBe(0);
  });
});

describe("a pending reveal belongs to its creator", () => {
  it("reveals a created or rolled key's secret only to the member who created or rolled it", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "reveal");
    await expect(revealSecret(actors.admin, created.key.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(revealSecret(actors.developer, created.key.id)).rejects.toMatchObject({ code: "forbidden" });
    // The refusal claimed nothing: the creator still gets the secret once.
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).pendingSecret).not.toBeNull();
    expect((await revealSecret(actors.owner, created.key.id)).secret).toBe(created.secret);

    const rolled = await rollApiKey(actors.admin, created.key.id, { expirePreviousIn: 0 }, "reveal");
    await expect(revealSecret(actors.owner, rolled.key.id)).rejects.toMatchObject({ code: "forbidden" });
    expect((await revealSecret(actors.admin, rolled.key.id)).secret).toBe(rolled.secret);
    const events = await db.auditEvent.findMany({ where: { targetId: { in: [created.key.id, rolled.key.id] }, action: "api_key.secret_revealed" } });
    expect(events.map((e) => e.actorLabel).sort()).toEqual([actors.admin.label, actors.owner.label].sort());
  });

  it("keeps no pending copy of a key created by a key, and records which key created it", async () => {
    const { actors } = await makeMerchant();
    const parent = await createApiKey(actors.owner, secretKey, "response");
    const actor = await authenticateApiKey(parent.secret, { ip: "127.0.0.1" });
    const child = await createApiKey(actor!, { ...secretKey, name: "Child" }, "response");
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: child.key.id } });
    expect(row).toMatchObject({ createdByKeyId: parent.key.id, createdByUserId: null, pendingSecret: null });
    await expect(revealSecret(actors.owner, child.key.id)).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("IP allowlists", () => {
  it("refuses a key outside its allowlist, records the refusal and not a use, and accepts it from inside", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, { ...secretKey, allowedIps: ["10.1.2.3/8", "::ffff:192.168.0.1"] }, "response");
    expect(created.key.allowedIps).toEqual(["10.0.0.0/8", "192.168.0.1"]);
    expect(await verifyApiKey(created.secret, { ip: "127.0.0.1" })).toEqual({
      ok: false,
      reason: "ip_not_allowed",
      keyId: created.key.id,
      ip: "127.0.0.1",
    });
    expect(await authenticateApiKey(created.secret, { ip: null })).toBeNull();
    await Promise.all([flushKeyDenials(), flushKeyUsage()]);
    let row = await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } });
    expect(row).toMatchObject({ deniedCount: 2, lastDeniedIp: null, lastUsedAt: null });
    expect(row.lastDeniedAt).not.toBeNull();
    expect(await authenticateApiKey(created.secret, { ip: "10.200.0.1" })).toMatchObject({ keyId: created.key.id });
    expect(await authenticateApiKey(created.secret, { ip: "192.168.0.1" })).toMatchObject({ keyId: created.key.id });
    await flushKeyUsage();
    row = await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } });
    expect(row.lastUsedIp).toBe("192.168.0.1");
  });

  it("audits allowlist changes, keeps it through a roll, and refuses it on publishable keys", async () => {
    const { actors, merchant } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "response");
    const updated = await updateApiKey(actors.owner, created.key.id, { allowedIps: ["127.0.0.1/32"] });
    expect(updated.allowedIps).toEqual(["127.0.0.1/32"]);
    const event = await db.auditEvent.findFirstOrThrow({ where: { targetId: created.key.id, action: "api_key.updated" } });
    expect(JSON.parse(event.changes)).toEqual({ allowedIps: [null, ["127.0.0.1/32"]] });
    const rolled = await rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 0 }, "response");
    expect(rolled.key.allowedIps).toEqual(["127.0.0.1/32"]);
    expect((await updateApiKey(actors.owner, rolled.key.id, { allowedIps: [] })).allowedIps).toBeNull();
    const pk = await createApiKey(actors.owner, { name: "Browser", type: "publishable", environment: "test" }, "response");
    const before = await db.auditEvent.count({ where: { merchantId: merchant.id } });
    await expect(
      createApiKey(actors.owner, { name: "Browser", type: "publishable", environment: "test", allowedIps: ["10.0.0.0/8"] }, "response"),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { allowedIps: [expect.stringMatching(/Publishable/)] } });
    await expect(updateApiKey(actors.owner, pk.key.id, { allowedIps: ["10.0.0.0/8"] })).rejects.toMatchObject({ code: "validation" });
    await expect(updateApiKey(actors.owner, created.key.id, { allowedIps: ["10.0.0.0/33"] })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { "allowedIps.0": ["Not an IP address or CIDR range"] },
    });
    expect(await db.auditEvent.count({ where: { merchantId: merchant.id } })).toBe(before);
  });
});

describe("roles and tenancy", () => {
  it("lets developers manage test keys only and viewers nothing", async () => {
    const { actors } = await makeMerchant();
    await expect(createApiKey(actors.viewer, secretKey, "reveal")).rejects.toMatchObject({ code: "forbidden" });
    await expect(createApiKey(actors.developer, { ...secretKey, environment: "live" }, "reveal")).rejects.toMatchObject({
      code: "forbidden",
    });
    const live = await createApiKey(actors.admin, { ...secretKey, environment: "live" }, "reveal");
    await expect(revokeApiKey(actors.developer, live.key.id)).rejects.toMatchObject({ code: "forbidden" });
    const test = await createApiKey(actors.developer, secretKey, "reveal");
    expect((await listApiKeys(actors.viewer, { environment: "test" })).items.map((k) => k.id)).toEqual([test.key.id]);
  });

  it("treats another merchant's key as not found", async () => {
    const acme = await makeMerchant("Acme");
    const globex = await makeMerchant("Globex");
    const key = await createApiKey(acme.actors.owner, secretKey, "reveal");
    const g = globex.actors.owner;
    for (const attempt of [
      () => getApiKey(g, key.key.id),
      () => updateApiKey(g, key.key.id, { name: "pwned" }),
      () => revokeApiKey(g, key.key.id),
      () => rollApiKey(g, key.key.id, { expirePreviousIn: 0 }, "reveal"),
      () => revealSecret(g, key.key.id),
    ]) {
      await expect(attempt()).rejects.toMatchObject({ code: "not_found" });
    }
    expect((await getApiKey(acme.actors.owner, key.key.id)).name).toBe("Server");
  });
});

describe("rolling, revoking and expiry", () => {
  it("keeps the old secret working during the grace period and never past it", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, { ...secretKey, permissions: [] }, "response");
    const rolled = await rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 3600 }, "response");
    expect(await authenticateApiKey(created.secret, { ip: null })).not.toBeNull();
    expect(await authenticateApiKey(rolled.secret, { ip: null })).not.toBeNull();
    expect((await getApiKey(actors.owner, created.key.id)).status).toBe("expiring");
    setClock(() => new Date(Date.now() + 3601_000));
    expect(await authenticateApiKey(created.secret, { ip: null })).toBeNull();
    expect(await authenticateApiKey(rolled.secret, { ip: null })).not.toBeNull();
  });

  it("never turns an expiring key into a non-expiring one", async () => {
    const { actors } = await makeMerchant();
    const expiresAt = new Date(Date.now() + 2 * 86_400_000);
    const created = await createApiKey(actors.owner, { ...secretKey, expiresAt, metadata: { team: "payments" } }, "response");
    const rolled = await rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 30 * 86_400 }, "response");
    expect(rolled.key.expiresAt?.getTime()).toBe(expiresAt.getTime());
    expect(rolled.key.metadata).toEqual({ team: "payments" });
    // The grace period cannot outlive the key's own expiry.
    expect(rolled.previous.expiresAt.getTime()).toBe(expiresAt.getTime());
  });

  it("leaves one successor when a key is rolled concurrently", async () => {
    const { actors, merchant } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "response");
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, () => rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 60 }, "response")),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "conflict" });
    const keys = await db.apiKey.findMany({ where: { merchantId: merchant.id } });
    expect(keys).toHaveLength(2);
    const old = keys.find((k) => k.id === created.key.id)!;
    const successor = keys.find((k) => k.id !== created.key.id)!;
    expect(old.replacedById).toBe(successor.id);
    expect(successor.rolledFromId).toBe(old.id);
  });

  it("stops a revoked key at once, idempotently", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "response");
    expect(await authenticateApiKey(created.secret, { ip: null })).not.toBeNull();
    await revokeApiKey(actors.owner, created.key.id);
    await revokeApiKey(actors.owner, created.key.id);
    expect(await authenticateApiKey(created.secret, { ip: null })).toBeNull();
    expect(await db.auditEvent.count({ where: { targetId: created.key.id, action: "api_key.revoked" } })).toBe(1);
    await expect(rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 0 }, "response")).rejects.toMatchObject({
      code: "conflict",
    });
  });

  it("enforces expiry at use time", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, { ...secretKey, expiresAt: new Date(Date.now() + 60_000) }, "response");
    expect(await authenticateApiKey(created.secret, { ip: null })).not.toBeNull();
    setClock(() => new Date(Date.now() + 61_000));
    expect(await authenticateApiKey(created.secret, { ip: null })).toBeNull();
    expect((await getApiKey(actors.owner, created.key.id)).status).toBe("expired");
  });

  it("records last use and IP without blocking the request", async () => {
    const { actors } = await makeMerchant();
    const created = await createApiKey(actors.owner, secretKey, "response");
    await authenticateApiKey(created.secret, { ip: "203.0.113.9" });
    await flushKeyUsage();
    const key = await getApiKey(actors.owner, created.key.id);
    expect(key.lastUsedIp).toBe("203.0.113.9");
    expect(key.lastUsedAt).not.toBeNull();
    expect(await db.apiKeyUsage.count({ where: { keyId: created.key.id } })).toBe(1);
  });
});

describe("listing", () => {
  it("filters by status, searches by name or prefix and paginates", async () => {
    const { actors } = await makeMerchant();
    const a = await createApiKey(actors.owner, { ...secretKey, name: "Alpha checkout" }, "response");
    const b = await createApiKey(actors.owner, { ...secretKey, name: "Beta refunds" }, "response");
    await revokeApiKey(actors.owner, b.key.id);
    const byName = await listApiKeys(actors.owner, { environment: "test", q: "ALPHA" });
    expect(byName.items.map((k) => k.id)).toEqual([a.key.id]);
    const byPrefix = await listApiKeys(actors.owner, { environment: "test", status: "all", q: b.key.prefix });
    expect(byPrefix.items.map((k) => k.id)).toContain(b.key.id);
    expect((await listApiKeys(actors.owner, { environment: "test", status: "revoked" })).items.map((k) => k.id)).toEqual([
      b.key.id,
    ]);
    expect((await listApiKeys(actors.owner, { environment: "test", status: "active" })).items.map((k) => k.id)).toEqual([
      a.key.id,
    ]);
    // By default the list holds the keys that still authenticate and counts the others.
    expect(await listApiKeys(actors.owner, { environment: "test" })).toMatchObject({ total: 1, hidden: 1 });
    // A search narrows the count of hidden keys too.
    expect(await listApiKeys(actors.owner, { environment: "test", status: "current", q: "beta" })).toMatchObject({ total: 0, hidden: 1 });
    expect(await listApiKeys(actors.owner, { environment: "test", status: "current", q: "alpha" })).toMatchObject({ total: 1, hidden: 0 });
    const page = await listApiKeys(actors.owner, { environment: "test", status: "all", pageSize: 1, page: 2 });
    expect(page).toMatchObject({ total: 2, pageCount: 2 });
    expect(page.items[0]?.id).toBe(a.key.id);
    expect((await listApiKeys(actors.owner, { environment: "live" })).total).toBe(0);
  });
});
