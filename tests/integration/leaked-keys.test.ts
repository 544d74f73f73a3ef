import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { databaseKind, databaseUrl, sqliteFilePath } from "@/lib/db/url";
import { generateKey } from "@/lib/api-keys/format";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/api-keys/service";
import { createRefreshableKey, refreshApiKey } from "@/lib/api-keys/refresh";
import { LEAK_REPORTED_ACTION, LEAK_REVOKED_ACTION, processLeakReports, tokenHash } from "@/lib/leaked-keys/service";
import { leakReportBatch } from "@/lib/validations/leaked-keys";
import { makeMerchant } from "../support/fixtures";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";

afterEach(() => setClock(null));

const URL_A = "https://github.com/octocat/hello-world/blob/abc123/config.js";
const URL_B = "https://github.com/octocat/other/blob/def456/.env";

function reports(...items: { token: string; url?: string; type?: string }[]) {
  return leakReportBatch.parse(items.map((i) => ({ type: "keyward_secret_key", url: URL_A, source: "content", ...i })));
}

async function setup() {
  const m = await makeMerchant("Leaky merchant");
  const make = (input: Omit<CreateApiKeyInput, "name"> & { name?: string }) => createApiKey(m.actors.owner, { name: "k", ...input }, "response");
  return { ...m, make };
}

async function eventsFor(keyId: string) {
  return db.auditEvent.findMany({ where: { targetId: keyId, action: { startsWith: "api_key.leak_" } }, orderBy: { createdAt: "asc" } });
}

describe("processLeakReports", () => {
  it("revokes a live secret key and records who reported it where, as the system", async () => {
    const { merchant, make } = await setup();
    const key = await make({ type: "secret", environment: "live" });
    expect(await authenticateApiKey(key.secret, { ip: null })).not.toBeNull();

    const [result] = await processLeakReports(reports({ token: key.secret }), "github");
    expect(result).toEqual({ token_hash: tokenHash(key.secret), token_type: "keyward_secret_key", label: "true_positive", outcome: "revoked" });
    expect(await authenticateApiKey(key.secret, { ip: null })).toBeNull();
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } });
    expect(row.revokedAt).not.toBeNull();

    const events = await eventsFor(key.key.id);
    expect(events).toHaveLength(1);
    const e = events[0]!;
    expect(e).toMatchObject({
      merchantId: merchant.id,
      action: LEAK_REVOKED_ACTION,
      actorType: "system",
      actorId: "system",
      targetType: "api_key",
      targetId: key.key.id,
    });
    expect(e.reason).toContain("github");
    expect(JSON.parse(e.changes)).toEqual({
      source_url: URL_A,
      reporter: "github",
      key_prefix: key.key.prefix,
      source: "content",
      status: ["active", "revoked"],
    });
    expect(e.changes).not.toContain(key.secret);
  });

  it("revokes restricted keys and test keys, and a rolled key still in its grace period (not its successor)", async () => {
    const { make, actors } = await setup();
    const restricted = await make({ type: "restricted", environment: "test", permissions: ["api_keys:read"] });
    const old = await make({ type: "secret", environment: "test" });
    const rolled = await rollApiKey(actors.owner, old.key.id, { expirePreviousIn: 3600 }, "response");
    const results = await processLeakReports(reports({ token: restricted.secret }, { token: old.secret }), "gitlab");
    expect(results.map((r) => r.outcome)).toEqual(["revoked", "revoked"]);
    expect(await authenticateApiKey(restricted.secret, { ip: null })).toBeNull();
    expect(await authenticateApiKey(old.secret, { ip: null })).toBeNull();
    expect(await authenticateApiKey(rolled.secret, { ip: null })).not.toBeNull();
    const [event] = await eventsFor(old.key.id);
    expect(JSON.parse(event!.changes).status).toEqual(["expiring", "revoked"]);
  });

  it("revokes a refreshable key for good: its refresh token no longer renews it", async () => {
    const { actors } = await setup();
    const key = await createRefreshableKey(actors.owner, { name: "Rotating", type: "secret", environment: "live" });
    const [result] = await processLeakReports(reports({ token: key.secret }), "github");
    expect(result!.outcome).toBe("revoked");
    await expect(refreshApiKey(key.refreshToken, { ip: null })).rejects.toMatchObject({ code: "unauthorized" });
    expect(await db.apiKey.count({ where: { refreshChainId: key.key.refreshChainId, revokedAt: null } })).toBe(0);
  });

  it("does not revoke a publishable key; records each source URL once", async () => {
    const { make } = await setup();
    const pk = await make({ type: "publishable", environment: "live" });
    const first = await processLeakReports(reports({ token: pk.secret, type: "keyward_publishable_key" }), "github");
    expect(first[0]).toMatchObject({ label: "true_positive", outcome: "reported", token_type: "keyward_publishable_key" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: pk.key.id } })).revokedAt).toBeNull();
    expect(await authenticateApiKey(pk.secret, { ip: null })).not.toBeNull();

    await processLeakReports(reports({ token: pk.secret }, { token: pk.secret }), "github");
    await processLeakReports(reports({ token: pk.secret, url: URL_B }), "github");
    const events = await eventsFor(pk.key.id);
    expect(events.map((e) => e.action)).toEqual([LEAK_REPORTED_ACTION, LEAK_REPORTED_ACTION]);
    expect(events.map((e) => JSON.parse(e.changes).source_url)).toEqual([URL_A, URL_B]);
    expect(JSON.parse(events[0]!.changes)).toEqual({ source_url: URL_A, reporter: "github", key_prefix: pk.key.prefix, source: "content" });
  });

  it("labels revoked and expired keys true_positive and changes nothing", async () => {
    const { make, actors } = await setup();
    const revoked = await make({ type: "secret", environment: "test" });
    await revokeApiKey(actors.owner, revoked.key.id);
    const expiring = await make({ type: "secret", environment: "test", expiresAt: new Date(Date.now() + 60_000) });
    setClock(() => new Date(Date.now() + 120_000));
    const results = await processLeakReports(reports({ token: revoked.secret }, { token: expiring.secret }), "github");
    expect(results.map((r) => [r.label, r.outcome])).toEqual([
      ["true_positive", "inactive"],
      ["true_positive", "inactive"],
    ]);
    expect(await eventsFor(revoked.key.id)).toEqual([]);
    expect(await eventsFor(expiring.key.id)).toEqual([]);
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: expiring.key.id } })).revokedAt).toBeNull();
  });

  it("labels unknown and malformed tokens false_positive", async () => {
    const unknown = generateKey("secret", "live");
    const badChecksum = unknown.slice(0, -1) + (unknown.endsWith("A") ? "B" : "A");
    const results = await processLeakReports(
      reports({ token: unknown }, { token: badChecksum }, { token: "sk_live_short" }, { token: "hello" }),
      "github",
    );
    expect(results.map((r) => [r.label, r.outcome])).toEqual([
      ["false_positive", "unknown"],
      ["false_positive", "malformed"],
      ["false_positive", "malformed"],
      ["false_positive", "malformed"],
    ]);
    expect(results.map((r) => r.token_hash)).toEqual([unknown, badChecksum, "sk_live_short", "hello"].map(tokenHash));
  });

  it("is idempotent: a repeated report (in the same batch or later) revokes and records once", async () => {
    const { make } = await setup();
    const key = await make({ type: "secret", environment: "live" });
    const batch = await processLeakReports(reports({ token: key.secret }, { token: key.secret, url: URL_B }), "github");
    expect(batch.map((r) => [r.label, r.outcome])).toEqual([
      ["true_positive", "revoked"],
      ["true_positive", "inactive"],
    ]);
    const revokedAt = (await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).revokedAt;
    const again = await processLeakReports(reports({ token: key.secret }), "gitlab");
    expect(again[0]).toMatchObject({ label: "true_positive", outcome: "inactive" });
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.key.id } })).revokedAt).toEqual(revokedAt);
    expect(await eventsFor(key.key.id)).toHaveLength(1);
  });

  it("revokes and records exactly once under concurrent reports of one key", async () => {
    const { make } = await setup();
    const key = await make({ type: "secret", environment: "live" });
    const results = await Promise.all(Array.from({ length: 6 }, () => processLeakReports(reports({ token: key.secret }), "github")));
    expect(results.every(([r]) => r!.label === "true_positive")).toBe(true);
    expect(results.filter(([r]) => r!.outcome === "revoked")).toHaveLength(1);
    expect(await eventsFor(key.key.id)).toHaveLength(1);
  });

  it("finds keys hashed under an older hash secret during a rotation", async () => {
    const { make } = await setup();
    const key = await make({ type: "secret", environment: "test" });
    const saved = process.env.KEYWARD_HASH_SECRETS!;
    process.env.KEYWARD_HASH_SECRETS = `rotated:${randomBytes(32).toString("base64")},${saved}`;
    try {
      const [result] = await processLeakReports(reports({ token: key.secret }), "github");
      expect(result!.outcome).toBe("revoked");
    } finally {
      process.env.KEYWARD_HASH_SECRETS = saved;
    }
  });

  it("handles keys of several merchants in one batch, each event under its own merchant", async () => {
    const a = await setup();
    const b = await setup();
    const ka = await a.make({ type: "secret", environment: "live" });
    const kb = await b.make({ type: "restricted", environment: "live", permissions: ["api_keys:read"] });
    await processLeakReports(reports({ token: ka.secret }, { token: kb.secret }), "github");
    expect((await eventsFor(ka.key.id)).map((e) => e.merchantId)).toEqual([a.merchant.id]);
    expect((await eventsFor(kb.key.id)).map((e) => e.merchantId)).toEqual([b.merchant.id]);
  });

  (databaseKind() === "sqlite" ? it : it.skip)("stores neither the reported token nor its SHA-256", async () => {
    const { make } = await setup();
    const key = await make({ type: "secret", environment: "live" });
    await processLeakReports(reports({ token: key.secret }), "github");
    await db.$queryRawUnsafe("PRAGMA wal_checkpoint(FULL)");
    const file = sqliteFilePath(databaseUrl());
    const raw = ["", "-wal"].map((s) => (existsSync(file + s) ? readFileSync(file + s).toString("latin1") : "")).join("");
    expect(raw).toContain(key.key.prefix);
    expect(raw).not.toContain(key.secret);
    expect(raw).not.toContain(tokenHash(key.secret));
  });
});
