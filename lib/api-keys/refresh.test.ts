import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { createApiKey, getApiKey, revokeApiKey, rollApiKey } from "@/lib/api-keys/service";
import {
  REFRESHABLE_KEY_LIFETIME_MS,
  REFRESH_GRACE_MS,
  createRefreshableKey,
  getRefreshChain,
  refreshApiKey,
} from "@/lib/api-keys/refresh";
import { disableApiKey, enableApiKey } from "@/lib/api-keys/disable";
import { makeMerchant } from "../../tests/support/fixtures";

afterEach(() => setClock(null));

const ctx = { ip: "203.0.113.9", userAgent: "test" };
const input = { name: "Rotating", type: "secret", environment: "test" } as const;

describe("refreshable keys", () => {
  it("creates a key that expires in 30 days with a one-year refresh token, storing only its hash", async () => {
    const { actors } = await makeMerchant();
    const before = Date.now();
    const created = await createRefreshableKey(actors.owner, { ...input });
    expect(created.key.refreshable).toBe(true);
    expect(created.key.expiresAt!.getTime()).toBeGreaterThanOrEqual(before + REFRESHABLE_KEY_LIFETIME_MS - 1000);
    expect(created.key.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + REFRESHABLE_KEY_LIFETIME_MS);
    expect(created.refreshToken).toMatch(/^rt_test_[0-9A-Za-z]{43}$/);
    expect(created.refreshTokenExpiresAt.getTime()).toBeGreaterThan(before + 364 * 86_400_000);
    const rows = await db.refreshToken.findMany({ where: { apiKeyId: created.key.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).not.toContain(created.refreshToken.slice(8));
    expect(JSON.stringify(rows)).not.toContain(created.refreshToken);
    const events = await db.auditEvent.findMany({ where: { targetId: created.key.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["api_key.created", "api_key.refresh_token_issued"]);
  });

  it("refuses a refreshable key that never expires, or a refreshable publishable key, and creates nothing", async () => {
    const { actors, merchant } = await makeMerchant();
    await expect(createRefreshableKey(actors.owner, { ...input, expiresAt: null })).rejects.toMatchObject({ code: "validation" });
    await expect(createRefreshableKey(actors.owner, { ...input, type: "publishable" })).rejects.toMatchObject({
      code: "validation",
    });
    expect(await db.apiKey.count({ where: { merchantId: merchant.id } })).toBe(0);
    expect(await db.refreshToken.count({ where: { merchantId: merchant.id } })).toBe(0);
  });

  it("applies the key service's permission rules (a viewer cannot create)", async () => {
    const { actors, merchant } = await makeMerchant();
    await expect(createRefreshableKey(actors.viewer, { ...input })).rejects.toMatchObject({ code: "forbidden" });
    expect(await db.apiKey.count({ where: { merchantId: merchant.id } })).toBe(0);
  });

  it("refuses to refresh a paused key like an invalid token, leaves the token unspent, and refreshes once enabled", async () => {
    const { actors } = await makeMerchant();
    const created = await createRefreshableKey(actors.owner, { ...input });
    await disableApiKey(actors.owner, created.key.id);
    await expect(refreshApiKey(created.refreshToken, ctx)).rejects.toMatchObject({ code: "unauthorized" });
    expect(await db.apiKey.count({ where: { rolledFromId: created.key.id } })).toBe(0);
    const token = await db.refreshToken.findFirstOrThrow({ where: { apiKeyId: created.key.id } });
    expect(token).toMatchObject({ usedAt: null, revokedAt: null });
    await enableApiKey(actors.owner, created.key.id);
    const refreshed = await refreshApiKey(created.refreshToken, ctx);
    expect(refreshed.previous.id).toBe(created.key.id);
  });

  it("rotates: new secret and token, the old token spent, the old secret working for the grace period only", async () => {
    const { actors } = await makeMerchant();
    const created = await createRefreshableKey(actors.owner, { ...input });
    const refreshed = await refreshApiKey(created.refreshToken, ctx);
    expect(refreshed.secret).not.toBe(created.secret);
    expect(refreshed.refreshToken).not.toBe(created.refreshToken);
    expect(refreshed.key.id).not.toBe(created.key.id);
    expect(refreshed.key.refreshable).toBe(true);
    expect(refreshed.previous.id).toBe(created.key.id);
    expect(await authenticateApiKey(refreshed.secret, ctx)).toMatchObject({ keyId: refreshed.key.id });
    // The old secret works during the grace period, not after it.
    expect(await authenticateApiKey(created.secret, ctx)).not.toBeNull();
    const afterGrace = new Date(Date.now() + REFRESH_GRACE_MS + 1000);
    setClock(() => afterGrace);
    expect(await authenticateApiKey(created.secret, ctx)).toBeNull();
    expect(await authenticateApiKey(refreshed.secret, ctx)).not.toBeNull();
    setClock(null);
    const chain = await getRefreshChain(actors.owner, (await db.apiKey.findUniqueOrThrow({ where: { id: created.key.id } })).refreshChainId!);
    expect(chain.keys.map((k) => k.id)).toEqual([created.key.id, refreshed.key.id]);
    expect(chain.tokens).toHaveLength(2);
    expect(chain.tokens[0]!.usedAt).not.toBeNull();
    expect(chain.tokens[1]!.usedAt).toBeNull();
  });

  it("works after the short-lived key has expired, and keeps its lifetime", async () => {
    const { actors } = await makeMerchant();
    const created = await createRefreshableKey(actors.owner, { ...input });
    const later = new Date(Date.now() + REFRESHABLE_KEY_LIFETIME_MS + 86_400_000);
    setClock(() => later);
    expect(await authenticateApiKey(created.secret, ctx)).toBeNull();
    const refreshed = await refreshApiKey(created.refreshToken, ctx);
    expect(refreshed.key.expiresAt!.getTime()).toBeGreaterThan(later.getTime() + REFRESHABLE_KEY_LIFETIME_MS - 60_000);
    expect(await authenticateApiKey(refreshed.secret, ctx)).not.toBeNull();
  });

  it("revokes the whole chain when a spent token is presented again, and says so in the audit log", async () => {
    const { actors, merchant } = await makeMerchant();
    const created = await createRefreshableKey(actors.owner, { ...input });
    const first = await refreshApiKey(created.refreshToken, ctx);
    const second = await refreshApiKey(first.refreshToken, ctx);
    await expect(refreshApiKey(created.refreshToken, { ip: "198.51.100.7" })).rejects.toMatchObject({ code: "unauthorized" });
    for (const secret of [created.secret, first.secret, second.secret]) {
      expect(await authenticateApiKey(secret, ctx)).toBeNull();
    }
    // The newest token is dead too.
    await expect(refreshApiKey(second.refreshToken, ctx)).rejects.toMatchObject({ code: "unauthorized" });
    const reuse = await db.auditEvent.findFirstOrThrow({ where: { merchantId: merchant.id, action: "api_key.refresh_token_reused" } });
    const changes = JSON.parse(reuse.changes) as { revokedKeys: string[]; presentedFromIp: string };
    expect(changes.revokedKeys.sort()).toEqual([created.key.id, first.key.id, second.key.id].sort());
    expect(changes.presentedFromIp).toBe("198.51.100.7");
    expect(reuse.reason).toMatch(/revoked/);
    expect(await db.refreshToken.count({ where: { merchantId: merchant.id, revokedAt: null } })).toBe(0);
  });

  it("lets one of concurrent refreshes with the same token through and treats the others as reuse", async () => {
    const { actors, merchant } = await makeMerchant();
    const created = await createRefreshableKey(actors.owner, { ...input });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => refreshApiKey(created.refreshToken, ctx)));
    const ok = results.filter((r) => r.status === "fulfilled");
    expect(ok.length).toBeLessThanOrEqual(1);
    // At most one successor was ever created, and the reuse revoked the chain.
    expect(await db.apiKey.count({ where: { merchantId: merchant.id } })).toBeLessThanOrEqual(2);
    expect(await db.apiKey.count({ where: { merchantId: merchant.id, revokedAt: null } })).toBe(0);
  });

  it("rejects unknown, malformed and revoked-key tokens alike", async () => {
    const { actors } = await makeMerchant();
    await expect(refreshApiKey("rt_test_" + "A".repeat(43), ctx)).rejects.toMatchObject({ code: "unauthorized" });
    await expect(refreshApiKey("nonsense", ctx)).rejects.toMatchObject({ code: "unauthorized" });
    // What a client may send: the service's own check is under test.
    await expect(refreshApiKey(42 as unknown as string, ctx)).rejects.toMatchObject({ code: "unauthorized" });
    const created = await createRefreshableKey(actors.owner, { ...input });
    await revokeApiKey(actors.owner, created.key.id);
    await expect(refreshApiKey(created.refreshToken, ctx)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("follows a rolled key to its successor", async () => {
    const { actors } = await makeMerchant();
    const created = await createRefreshableKey(actors.owner, { ...input });
    const rolled = await rollApiKey(actors.owner, created.key.id, { expirePreviousIn: 0 }, "response");
    const refreshed = await refreshApiKey(created.refreshToken, ctx);
    expect(refreshed.previous.id).toBe(rolled.key.id);
    expect((await getApiKey(actors.owner, rolled.key.id)).replacedById).toBe(refreshed.key.id);
  });

  it("pairs a publishable key and returns it unchanged on refresh", async () => {
    const { actors } = await makeMerchant();
    const pk = await createApiKey(actors.owner, { name: "Browser", type: "publishable", environment: "test" }, "response");
    const created = await createRefreshableKey(actors.owner, { ...input }, { publishableKeyId: pk.key.id });
    expect(created.publishableKey).toBe(pk.secret);
    const refreshed = await refreshApiKey(created.refreshToken, ctx);
    expect(refreshed.publishableKey).toBe(pk.secret);
    const other = await makeMerchant("Other");
    await expect(
      createRefreshableKey(other.actors.owner, { ...input }, { publishableKeyId: pk.key.id }),
    ).rejects.toMatchObject({ code: "not_found" });
  });
});
