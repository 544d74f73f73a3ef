/**
 * Nudges for the keys page: expiring keys, unused keys, rolled keys still in
 * use near the end of their grace period, and new-IP alerts.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/api-keys/service";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { flushKeyUsage } from "@/lib/api-keys/usage";
import { getKeyInsights, hasInsights, listNewIpAlerts } from "@/lib/api-keys/insights";
import { makeMerchant } from "../support/fixtures";

afterEach(async () => {
  await flushKeyUsage();
  setClock(null);
});

const DAY = 86_400_000;
const HOUR = 3_600_000;
// Expiry validation compares with the real time, so the scenario is built around it.
const NOW = Math.floor(Date.now() / 60_000) * 60_000;

function at(ms: number) {
  const d = new Date(ms);
  setClock(() => d);
  return d;
}

async function usedAt(secret: string, ms: number, ip = "10.0.0.1") {
  at(ms);
  expect(await authenticateApiKey(secret, { ip })).not.toBeNull();
  await flushKeyUsage();
}

type Actor = Awaited<ReturnType<typeof makeMerchant>>["actors"]["owner"];

async function keyCreatedAt(actor: Actor, ms: number, name: string, extra: Record<string, unknown> = {}) {
  at(ms);
  return createApiKey(actor, { name, type: "secret", environment: "test", ...extra }, "response");
}

describe("key insights", () => {
  it("lists keys expiring within 7 days, unused keys, and rolled keys still in use near the end of their grace", async () => {
    const { actors } = await makeMerchant();
    const owner = actors.owner;

    const expiring = await keyCreatedAt(owner, NOW - DAY, "Expires in 3 days", { expiresAt: new Date(NOW + 3 * DAY) });
    await usedAt(expiring.secret, NOW - HOUR);
    const expiringLater = await keyCreatedAt(owner, NOW - DAY, "Expires in 10 days", { expiresAt: new Date(NOW + 10 * DAY) });
    await usedAt(expiringLater.secret, NOW - HOUR);

    await keyCreatedAt(owner, NOW - 8 * DAY, "Never used");
    await keyCreatedAt(owner, NOW - 2 * DAY, "Young and unused");

    const idle = await keyCreatedAt(owner, NOW - 60 * DAY, "Idle");
    await usedAt(idle.secret, NOW - 40 * DAY);
    const busy = await keyCreatedAt(owner, NOW - 60 * DAY, "Busy");
    await usedAt(busy.secret, NOW - 2 * DAY);

    // Rolled 23 hours ago with a one-day grace: ends within the day. Used after the roll.
    const rolledUsed = await keyCreatedAt(owner, NOW - 5 * DAY, "Rolled, still used");
    at(NOW - 23 * HOUR);
    const rolledUsedNext = await rollApiKey(owner, rolledUsed.key.id, { expirePreviousIn: 86_400 }, "response");
    await usedAt(rolledUsed.secret, NOW - HOUR, "10.0.0.9");
    await usedAt(rolledUsedNext.secret, NOW - HOUR);
    // Rolled the same way but only used before the roll: safe, no nudge.
    const rolledQuiet = await keyCreatedAt(owner, NOW - 5 * DAY, "Rolled, quiet");
    await usedAt(rolledQuiet.secret, NOW - DAY);
    at(NOW - 23 * HOUR);
    const rolledQuietNext = await rollApiKey(owner, rolledQuiet.key.id, { expirePreviousIn: 86_400 }, "response");
    await usedAt(rolledQuietNext.secret, NOW - HOUR);
    // Used after the roll, but its 7-day grace is far from over.
    const rolledEarly = await keyCreatedAt(owner, NOW - 5 * DAY, "Rolled, early in grace");
    at(NOW - 2 * HOUR);
    const rolledEarlyNext = await rollApiKey(owner, rolledEarly.key.id, { expirePreviousIn: 7 * 86_400 }, "response");
    await usedAt(rolledEarly.secret, NOW - HOUR);
    await usedAt(rolledEarlyNext.secret, NOW - HOUR);

    // Revoked, other environment, other merchant, refreshable: never nudged here.
    const revoked = await keyCreatedAt(owner, NOW - 9 * DAY, "Revoked and unused");
    at(NOW);
    await revokeApiKey(owner, revoked.key.id);
    await keyCreatedAt(owner, NOW - 9 * DAY, "Live and unused", { environment: "live" });
    const other = await makeMerchant("Other");
    await keyCreatedAt(other.actors.owner, NOW - 9 * DAY, "Other merchant's");
    const refreshable = await keyCreatedAt(owner, NOW - 9 * DAY, "Refreshable", { expiresAt: new Date(NOW + DAY) });
    await db.apiKey.update({ where: { id: refreshable.key.id }, data: { refreshable: true } });

    const insights = await getKeyInsights(actors.viewer, "test", at(NOW));
    const names = (list: { name: string }[]) => list.map((k) => k.name);
    expect(insights.expiringSoon.total).toBe(1);
    expect(names(insights.expiringSoon.keys)).toEqual(["Expires in 3 days"]);
    expect(insights.neverUsed.total).toBe(1);
    expect(names(insights.neverUsed.keys)).toEqual(["Never used"]);
    expect(insights.idle.total).toBe(1);
    expect(names(insights.idle.keys)).toEqual(["Idle"]);
    expect(insights.rolledInUse.total).toBe(1);
    expect(insights.rolledInUse.keys[0]).toMatchObject({
      id: rolledUsed.key.id,
      successorId: rolledUsedNext.key.id,
      rolledAt: new Date(NOW - 23 * HOUR),
      lastUsedIp: "10.0.0.9",
    });
    expect(hasInsights(insights)).toBe(true);

    // A week later the 3-day key has expired and the rolled ones are gone; the young key is now "never used".
    const later = await getKeyInsights(actors.viewer, "test", new Date(NOW + 8 * DAY));
    expect(later.expiringSoon.total).toBe(1);
    expect(names(later.expiringSoon.keys)).toEqual(["Expires in 10 days"]);
    expect(names(later.neverUsed.keys).sort()).toEqual(["Never used", "Young and unused"]);
    expect(later.rolledInUse.total).toBe(0);

    const live = await getKeyInsights(actors.viewer, "live", new Date(NOW));
    expect(names(live.neverUsed.keys)).toEqual(["Live and unused"]);
  });

  it("lists recent new-IP alerts for the environment, newest first, linked to their key", async () => {
    const { actors } = await makeMerchant();
    const testKey = await keyCreatedAt(actors.owner, NOW - 20 * DAY, "Test key");
    const liveKey = await keyCreatedAt(actors.owner, NOW - 20 * DAY, "Live key", { environment: "live" });
    await usedAt(testKey.secret, NOW - 20 * DAY, "10.0.0.1");
    await usedAt(testKey.secret, NOW - 10 * DAY, "10.0.0.2"); // alert, too old for the banner
    await usedAt(testKey.secret, NOW - 2 * DAY, "10.0.0.3");
    await usedAt(testKey.secret, NOW - DAY, "10.0.0.4");
    await usedAt(liveKey.secret, NOW - 3 * DAY, "10.0.0.1");
    await usedAt(liveKey.secret, NOW - 2 * DAY, "10.0.0.5");

    const insights = await getKeyInsights(actors.developer, "test", at(NOW));
    expect(insights.newIps.total).toBe(2);
    expect(insights.newIps.alerts.map((a) => [a.keyId, a.keyName, a.ip])).toEqual([
      [testKey.key.id, "Test key", "10.0.0.4"],
      [testKey.key.id, "Test key", "10.0.0.3"],
    ]);
    const live = await listNewIpAlerts(actors.owner, { environment: "live", since: new Date(NOW - 7 * DAY) });
    expect(live.alerts.map((a) => a.ip)).toEqual(["10.0.0.5"]);
    const forKey = await listNewIpAlerts(actors.owner, { keyId: testKey.key.id, since: new Date(0), take: 10 });
    expect(forKey.alerts.map((a) => a.ip)).toEqual(["10.0.0.4", "10.0.0.3", "10.0.0.2"]);

    const other = await makeMerchant("Other");
    expect((await listNewIpAlerts(other.actors.owner, { keyId: testKey.key.id, since: new Date(0) })).total).toBe(0);
    expect(hasInsights(await getKeyInsights(other.actors.owner, "test"))).toBe(false);
  });

  it("answers with counts and a few examples for a merchant with 10,000 keys", async () => {
    const { merchant, actors } = await makeMerchant("Big");
    const created = new Date(NOW - 40 * DAY);
    const rows = Array.from({ length: 10_000 }, (_, i) => {
      const id = newId("key");
      return {
        id,
        merchantId: merchant.id,
        name: `Bulk ${i}`,
        type: "secret",
        environment: "test",
        permissions: "[]",
        prefix: `sk_test_${i}`,
        searchText: `bulk ${i}`,
        secretHash: randomBytes(32).toString("hex"),
        hashVersion: "v1",
        createdAt: created,
        // A third never used, a third idle, a third expiring soon and in use.
        lastUsedAt: i % 3 === 0 ? null : i % 3 === 1 ? new Date(NOW - 35 * DAY) : new Date(NOW - HOUR),
        expiresAt: i % 3 === 2 ? new Date(NOW + 2 * DAY) : null,
      };
    });
    for (let i = 0; i < rows.length; i += 2000) await db.apiKey.createMany({ data: rows.slice(i, i + 2000) });

    const insights = await getKeyInsights(actors.viewer, "test", at(NOW));
    expect(insights.neverUsed.total).toBe(3334);
    expect(insights.idle.total).toBe(3333);
    expect(insights.expiringSoon.total).toBe(3333);
    expect(insights.neverUsed.keys).toHaveLength(5);
    expect(insights.idle.keys).toHaveLength(5);
    expect(insights.expiringSoon.keys).toHaveLength(5);
  });
});
