/**
 * Usage over time, traffic since a roll and new-IP alerts, recorded through
 * the real authentication path and the buffered recorder's flush.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { databaseKind } from "@/lib/db/url";
import { logger } from "@/lib/log/logger.mjs";
import { createApiKey, getApiKey, listApiKeys, rollApiKey } from "@/lib/api-keys/service";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { NEW_IP_ACTION, flushKeyUsage } from "@/lib/api-keys/usage";
import {
  DAY_MS,
  HOUR_MS,
  bucketUsage,
  getKeyTrafficSummary,
  getKeyUsageSeries,
  getKeysHourlyUsage,
  getRollTraffic,
  listKeySeenIps,
} from "@/lib/api-keys/usage-queries";
import { NEW_IP_WINDOW_MS, getKeyInsights, listNewIpAlerts } from "@/lib/api-keys/insights";
import { acknowledgeNewIp, listNotifications, withoutDismissed, withoutDismissedAlerts } from "@/lib/notifications/feed";
import { makeMerchant } from "../support/fixtures";

afterEach(async () => {
  await flushKeyUsage();
  setClock(null);
  vi.restoreAllMocks();
});

const secretKey = { name: "Server", type: "secret", environment: "test" } as const;
const T0 = Date.parse("2031-05-20T12:30:00Z");

function at(ms: number) {
  const d = new Date(ms);
  setClock(() => d);
  return d;
}

/** Authenticates `times` requests with the secret at the current clock, from `ip`. */
async function authenticate(secret: string, ip: string | null, times = 1) {
  for (let i = 0; i < times; i++) {
    const actor = await authenticateApiKey(secret, { ip });
    expect(actor).not.toBeNull();
  }
}

async function usedAt(secret: string, ms: number, ip: string | null, times = 1) {
  at(ms);
  await authenticate(secret, ip, times);
  await flushKeyUsage();
}

describe("bucketing", () => {
  it("sums rows into consecutive buckets ending with the current one and leaves gaps at zero", () => {
    const now = new Date(T0);
    const rows = [
      { hour: new Date(T0 - 30 * 60_000), count: 2 }, // 12:00, current hour
      { hour: new Date(T0 - 90 * 60_000), count: 3 }, // 11:00
      { hour: new Date(T0 - 24 * HOUR_MS), count: 7 }, // 12:00 yesterday: outside 24 hourly buckets
    ];
    const hourly = bucketUsage(rows, now, HOUR_MS, 24);
    expect(hourly).toHaveLength(24);
    expect(hourly[23]).toEqual({ start: new Date("2031-05-20T12:00:00Z"), count: 2 });
    expect(hourly[22]).toEqual({ start: new Date("2031-05-20T11:00:00Z"), count: 3 });
    expect(hourly[0]!.start).toEqual(new Date("2031-05-19T13:00:00Z"));
    expect(hourly.slice(0, 22).every((p) => p.count === 0)).toBe(true);
    const daily = bucketUsage(rows, now, DAY_MS, 30);
    expect(daily[29]).toEqual({ start: new Date("2031-05-20T00:00:00Z"), count: 5 });
    expect(daily[28]).toEqual({ start: new Date("2031-05-19T00:00:00Z"), count: 7 });
    expect(daily[0]!.start).toEqual(new Date("2031-04-21T00:00:00Z"));
  });
});

describe("usage over time", () => {
  it("counts requests per hour and per day from the recorder's rows, with gaps and a 30-day window", async () => {
    const { actors } = await makeMerchant();
    at(T0 - 40 * DAY_MS);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await usedAt(secret, T0 - 40 * DAY_MS, "10.0.0.1", 4); // older than 30 days: not in any bucket
    await usedAt(secret, T0 - 10 * DAY_MS, "10.0.0.1", 6); // 2031-05-10
    await usedAt(secret, T0 - 3 * HOUR_MS, "10.0.0.1", 2); // 09:30 today
    await usedAt(secret, T0 - 3 * HOUR_MS + 20 * 60_000, "10.0.0.2", 1); // 09:50: same hour
    await usedAt(secret, T0 - 60_000, "10.0.0.1", 5); // 12:29: current hour

    const series = await getKeyUsageSeries(actors.viewer, key.id, at(T0));
    expect(series.hourly).toHaveLength(24);
    expect(series.hourly[23]).toEqual({ start: new Date("2031-05-20T12:00:00Z"), count: 5 });
    expect(series.hourly[22]!.count).toBe(0);
    expect(series.hourly[21]!.count).toBe(0);
    expect(series.hourly[20]).toEqual({ start: new Date("2031-05-20T09:00:00Z"), count: 3 });
    expect(series.total24h).toBe(8);
    expect(series.daily).toHaveLength(30);
    expect(series.daily[29]).toEqual({ start: new Date("2031-05-20T00:00:00Z"), count: 8 });
    expect(series.daily[19]).toEqual({ start: new Date("2031-05-10T00:00:00Z"), count: 6 });
    expect(series.daily.filter((d) => d.count > 0)).toHaveLength(2);
    expect(series.total30d).toBe(14);

    // A day later the current hour's requests have moved out of the hourly window but not the daily one.
    const later = await getKeyUsageSeries(actors.viewer, key.id, new Date(T0 + DAY_MS));
    expect(later.total24h).toBe(0);
    expect(later.daily[28]!.count).toBe(8);

    const view = await getApiKey(actors.viewer, key.id);
    expect(view.lastUsedAt).toEqual(new Date(T0 - 60_000));
    expect(view.lastUsedIp).toBe("10.0.0.1");
  });

  it("counts concurrent requests of one flush exactly once", async () => {
    const { actors } = await makeMerchant();
    at(T0);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await Promise.all(Array.from({ length: 25 }, () => authenticateApiKey(secret, { ip: "10.0.0.9" })));
    await Promise.all([flushKeyUsage(), flushKeyUsage()]);
    const series = await getKeyUsageSeries(actors.owner, key.id);
    expect(series.total24h).toBe(25);
    const ips = await listKeySeenIps(actors.owner, key.id);
    expect(ips.items).toEqual([{ ip: "10.0.0.9", firstSeenAt: new Date(T0), lastSeenAt: new Date(T0), count: 25 }]);
  });

  it("shows another merchant's key usage to no one", async () => {
    const a = await makeMerchant("A");
    const b = await makeMerchant("B");
    at(T0);
    const { key, secret } = await createApiKey(a.actors.owner, secretKey, "response");
    await usedAt(secret, T0, "10.0.0.1");
    await expect(getKeyUsageSeries(b.actors.owner, key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(listKeySeenIps(b.actors.owner, key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getKeyTrafficSummary(b.actors.owner, key.id)).rejects.toMatchObject({ code: "not_found" });
    await expect(getKeyUsageSeries(b.actors.owner, "not-a-key")).rejects.toMatchObject({ code: "not_found" });
  });

  it("summarizes the last 24 hours with the IPs seen in them", async () => {
    const { actors } = await makeMerchant();
    at(T0 - 3 * DAY_MS);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await usedAt(secret, T0 - 3 * DAY_MS, "10.0.0.1", 3);
    await usedAt(secret, T0 - 2 * HOUR_MS, "10.0.0.2", 2);
    await usedAt(secret, T0 - HOUR_MS, "10.0.0.3", 1);
    const summary = await getKeyTrafficSummary(actors.developer, key.id, at(T0));
    expect(summary.total24h).toBe(3);
    expect(summary.ipCount).toBe(2);
    expect(summary.ips.map((i) => i.ip)).toEqual(["10.0.0.3", "10.0.0.2"]);
    expect(summary.lastUsedIp).toBe("10.0.0.3");
  });
});

describe("the keys page's sparklines", () => {
  it("reads the last 24 hours of every listed key, hour by hour", async () => {
    const { actors } = await makeMerchant();
    at(T0 - 2 * DAY_MS);
    const a = await createApiKey(actors.owner, { ...secretKey, name: "A" }, "response");
    const b = await createApiKey(actors.owner, { ...secretKey, name: "B" }, "response");
    await usedAt(a.secret, T0 - 30 * HOUR_MS, "10.0.0.1", 5); // older than 24 hours
    await usedAt(a.secret, T0 - 2 * HOUR_MS, "10.0.0.1", 2);
    await usedAt(a.secret, T0, "10.0.0.1", 3);
    at(T0);
    const usage = await getKeysHourlyUsage(actors.owner, [a.key, b.key]);
    expect(usage[a.key.id]!.total).toBe(5);
    expect(usage[a.key.id]!.hourly).toHaveLength(24);
    expect(usage[a.key.id]!.hourly[23]).toBe(3);
    expect(usage[a.key.id]!.hourly[21]).toBe(2);
    expect(usage[b.key.id]).toEqual({ hourly: new Array(24).fill(0), total: 0 });

    // Another merchant's member reads nothing of these keys.
    const other = await makeMerchant("Other");
    expect((await getKeysHourlyUsage(other.actors.owner, [a.key]))[a.key.id]!.total).toBe(0);
  });
});

describe("a rolled key's old secret in the list", () => {
  it("sits under its successor while it works, is not counted, and is an ordinary key after its grace period", async () => {
    const { actors } = await makeMerchant();
    at(T0);
    const first = await createApiKey(actors.owner, { ...secretKey, name: "Checkout" }, "response");
    await createApiKey(actors.owner, { ...secretKey, name: "Other" }, "response");
    at(T0 + 60_000);
    const rolled = await rollApiKey(actors.owner, first.key.id, { expirePreviousIn: 3600 }, "response");

    const page = await listApiKeys(actors.owner, { environment: "test" });
    expect(page.items.map((k) => k.id)).toContain(rolled.key.id);
    expect(page.items.map((k) => k.id)).not.toContain(first.key.id);
    expect(page.nested.map((k) => [k.id, k.replacedById])).toEqual([[first.key.id, rolled.key.id]]);
    expect(page.total).toBe(2);

    // Searching by the shared name finds the pair once.
    const found = await listApiKeys(actors.owner, { environment: "test", q: "checkout" });
    expect(found).toMatchObject({ total: 1 });
    expect(found.nested.map((k) => k.id)).toEqual([first.key.id]);

    // Asking for expiring keys only: the old secret is a row of its own (its successor is not listed).
    const expiring = await listApiKeys(actors.owner, { environment: "test", status: "expiring" });
    expect(expiring.items.map((k) => k.id)).toEqual([first.key.id]);
    expect(expiring.nested).toEqual([]);

    // Rolled again within the grace period: both old secrets under the newest key.
    at(T0 + 120_000);
    const again = await rollApiKey(actors.owner, rolled.key.id, { expirePreviousIn: 3600 }, "response");
    const chain = await listApiKeys(actors.owner, { environment: "test" });
    expect(chain.total).toBe(2);
    expect(chain.nested.map((k) => k.id)).toEqual([rolled.key.id, first.key.id]);
    expect(chain.items.map((k) => k.id)).toContain(again.key.id);
    expect(chain.nestedUnder).toEqual({ [rolled.key.id]: again.key.id, [first.key.id]: again.key.id });

    // Rolled once more with no grace period: the key in between is expired, the older secrets sit under the newest key.
    at(T0 + 180_000);
    const fourth = await rollApiKey(actors.owner, again.key.id, { expirePreviousIn: 0 }, "response");
    const skipped = await listApiKeys(actors.owner, { environment: "test" });
    expect(skipped).toMatchObject({ total: 2, hidden: 1 });
    expect(skipped.nestedUnder).toEqual({ [rolled.key.id]: fourth.key.id, [first.key.id]: fourth.key.id });

    // After the grace period the old secrets are expired keys, shown only when asked for.
    at(T0 + 2 * HOUR_MS);
    const after = await listApiKeys(actors.owner, { environment: "test" });
    expect(after).toMatchObject({ total: 2, hidden: 3, nested: [] });
    const all = await listApiKeys(actors.owner, { environment: "test", status: "all" });
    expect(all.total).toBe(5);
    expect(all.nested).toEqual([]);
  });
});

describe("traffic since a roll", () => {
  it("tells whether the old secret is still used, how much and from where", async () => {
    const { actors } = await makeMerchant();
    at(Date.parse("2031-05-20T10:00:00Z"));
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await usedAt(secret, Date.parse("2031-05-20T08:05:00Z"), "10.0.0.1", 3);
    await usedAt(secret, Date.parse("2031-05-20T10:05:00Z"), "10.0.0.1", 4); // the hour of the roll, before it

    at(Date.parse("2031-05-20T10:20:00Z"));
    const rolled = await rollApiKey(actors.owner, key.id, { expirePreviousIn: 86_400 }, "response");
    const rollTime = new Date("2031-05-20T10:20:00Z");

    at(Date.parse("2031-05-20T10:50:00Z"));
    let old = await getApiKey(actors.owner, key.id);
    expect(old.status).toBe("expiring");
    let traffic = (await getRollTraffic(actors.owner, [old]))[key.id]!;
    expect(traffic).toMatchObject({ successorId: rolled.key.id, rolledAt: rollTime, inUse: false, requests: 0, ipCount: 0 });
    expect(traffic.lastUsedAt).toBeNull();
    // The successor is not a rolled key: nothing to say about it.
    expect(await getRollTraffic(actors.owner, [rolled.key])).toEqual({});

    await usedAt(secret, Date.parse("2031-05-20T10:40:00Z"), "10.0.0.5", 1); // the hour of the roll, after it
    await usedAt(secret, Date.parse("2031-05-20T11:10:00Z"), "10.0.0.5", 2);
    await usedAt(secret, Date.parse("2031-05-20T13:40:00Z"), "10.0.0.6", 4);
    await usedAt(rolled.secret, Date.parse("2031-05-20T13:45:00Z"), "10.0.0.1", 9);

    at(Date.parse("2031-05-20T13:50:00Z"));
    old = await getApiKey(actors.owner, key.id);
    traffic = (await getRollTraffic(actors.owner, [old]))[key.id]!;
    expect(traffic).toMatchObject({
      inUse: true,
      requests: 7,
      recentRequests: 4,
      lastUsedAt: new Date("2031-05-20T13:40:00Z"),
      lastUsedIp: "10.0.0.6",
      ips: ["10.0.0.6", "10.0.0.5"],
      ipCount: 2,
      graceEndsAt: new Date(rollTime.getTime() + DAY_MS),
    });

    // The keys page computes the same for every rolled key it lists (the old secret under its successor).
    const page = await listApiKeys(actors.owner, { environment: "test" });
    expect(page.nested.map((k) => k.id)).toEqual([key.id]);
    const onPage = await getRollTraffic(actors.owner, [...page.items, ...page.nested]);
    expect(Object.keys(onPage)).toEqual([key.id]);
    expect(onPage[key.id]!.requests).toBe(7);

    // The chart still puts both parts of the hour of the roll in that hour.
    const series = await getKeyUsageSeries(actors.owner, key.id);
    expect(series.hourly.find((p) => p.start.getTime() === Date.parse("2031-05-20T10:00:00Z"))!.count).toBe(5);
    expect(series.total24h).toBe(14);

    // Another merchant learns nothing about the roll.
    const other = await makeMerchant("Other");
    expect((await getRollTraffic(other.actors.owner, [old]))[key.id]).toBeUndefined();
  });

  it("splits one flush's requests at the roll even when they were buffered before it", async () => {
    const { actors } = await makeMerchant();
    at(Date.parse("2031-05-20T10:00:00Z"));
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    at(Date.parse("2031-05-20T10:05:00Z"));
    await authenticate(secret, "10.0.0.1", 3);
    at(Date.parse("2031-05-20T10:20:00Z"));
    await rollApiKey(actors.owner, key.id, { expirePreviousIn: 3600 }, "response");
    at(Date.parse("2031-05-20T10:30:00Z"));
    await authenticate(secret, "10.0.0.1", 2);
    await flushKeyUsage();
    const rows = await db.apiKeyUsage.findMany({ where: { keyId: key.id }, orderBy: { hour: "asc" } });
    expect(rows.map((r) => [r.hour.toISOString(), r.count])).toEqual([
      ["2031-05-20T10:00:00.000Z", 3],
      ["2031-05-20T10:20:00.000Z", 2],
    ]);
    const traffic = (await getRollTraffic(actors.owner, [await getApiKey(actors.owner, key.id)]))[key.id]!;
    expect(traffic).toMatchObject({ inUse: true, requests: 2, lastUsedAt: new Date("2031-05-20T10:30:00Z") });
  });
});

describe("new-IP alerts", () => {
  const alerts = (keyId: string) =>
    db.auditEvent.findMany({ where: { action: NEW_IP_ACTION, targetId: keyId }, orderBy: { createdAt: "asc" } });

  it("raises none for the first IP, one for a second IP and none for a repeat", async () => {
    const { merchant, actors } = await makeMerchant();
    at(T0);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");

    await usedAt(secret, T0, "10.0.0.1", 2);
    expect(await alerts(key.id)).toHaveLength(0);

    await usedAt(secret, T0 + 60_000, "10.0.0.2");
    const raised = await alerts(key.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      merchantId: merchant.id,
      actorType: "system",
      actorId: "system",
      targetType: "api_key",
      targetId: key.id,
      createdAt: new Date(T0 + 60_000),
    });
    expect(JSON.parse(raised[0]!.changes)).toMatchObject({ ip: "10.0.0.2", prefix: key.prefix, environment: "test" });

    await usedAt(secret, T0 + 120_000, "10.0.0.1");
    await usedAt(secret, T0 + 180_000, "10.0.0.2", 3);
    expect(await alerts(key.id)).toHaveLength(1);

    const ips = await listKeySeenIps(actors.owner, key.id);
    expect(ips.total).toBe(2);
    expect(ips.items).toEqual([
      { ip: "10.0.0.2", firstSeenAt: new Date(T0 + 60_000), lastSeenAt: new Date(T0 + 180_000), count: 4 },
      { ip: "10.0.0.1", firstSeenAt: new Date(T0), lastSeenAt: new Date(T0 + 120_000), count: 3 },
    ]);
  });

  it("treats the earliest IP of a key's first batch as its baseline and alerts for the others", async () => {
    const { actors } = await makeMerchant();
    at(T0);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    at(T0);
    await authenticate(secret, "10.0.0.7");
    at(T0 + 1000);
    await authenticate(secret, "10.0.0.8");
    await authenticate(secret, "10.0.0.7");
    await flushKeyUsage();
    const raised = await alerts(key.id);
    expect(raised.map((e) => JSON.parse(e.changes).ip)).toEqual(["10.0.0.8"]);
  });

  it("tracks nothing for requests without a known IP", async () => {
    const { actors } = await makeMerchant();
    at(T0);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await usedAt(secret, T0, null, 2);
    expect((await listKeySeenIps(actors.owner, key.id)).total).toBe(0);
    expect((await getKeyUsageSeries(actors.owner, key.id)).total24h).toBe(2);
  });

  /** Makes the database refuse new-IP audit events, as a failing audit store would; returns the undo. */
  async function failNewIpAudits(): Promise<() => Promise<void>> {
    if (databaseKind() === "sqlite") {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER fail_new_ip BEFORE INSERT ON "AuditEvent" WHEN NEW.action = '${NEW_IP_ACTION}' BEGIN SELECT RAISE(ABORT, 'audit store unavailable'); END`,
      );
      return async () => void (await db.$executeRawUnsafe("DROP TRIGGER IF EXISTS fail_new_ip"));
    }
    await db.$executeRawUnsafe(
      `CREATE OR REPLACE FUNCTION fail_new_ip() RETURNS trigger AS $$ BEGIN IF NEW.action = '${NEW_IP_ACTION}' THEN RAISE EXCEPTION 'audit store unavailable'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    );
    await db.$executeRawUnsafe(`CREATE TRIGGER fail_new_ip BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION fail_new_ip()`);
    return async () => {
      await db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS fail_new_ip ON "AuditEvent"`);
      await db.$executeRawUnsafe("DROP FUNCTION IF EXISTS fail_new_ip()");
    };
  }

  it("writes the seen IP, the usage and the alert together or not at all", async () => {
    const { actors } = await makeMerchant();
    at(T0);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await usedAt(secret, T0, "10.0.0.1");

    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    const undo = await failNewIpAudits();
    try {
      await usedAt(secret, T0 + 60_000, "10.0.0.2");
    } finally {
      await undo();
    }
    expect(logged).toHaveBeenCalled();
    expect(await alerts(key.id)).toHaveLength(0);
    expect((await listKeySeenIps(actors.owner, key.id)).items.map((i) => i.ip)).toEqual(["10.0.0.1"]);
    expect((await getKeyUsageSeries(actors.owner, key.id)).total24h).toBe(1);
    expect((await getApiKey(actors.owner, key.id)).lastUsedIp).toBe("10.0.0.1");

    // The next use from that IP is still new, so the alert is raised then.
    await usedAt(secret, T0 + 120_000, "10.0.0.2");
    expect(await alerts(key.id)).toHaveLength(1);
    expect((await listKeySeenIps(actors.owner, key.id)).total).toBe(2);
  });
});

describe("acknowledging a new IP (\u201cThis was me\u201d)", () => {
  it("dismisses the key's alerts for that address for the whole merchant, once, with an audit event", async () => {
    const { actors } = await makeMerchant();
    at(T0);
    const { key, secret } = await createApiKey(actors.owner, secretKey, "response");
    await usedAt(secret, T0, "10.0.0.1");
    await usedAt(secret, T0 + 60_000, "10.0.0.2");
    await usedAt(secret, T0 + 120_000, "10.0.0.3");
    at(T0 + 180_000);
    const recent = () => listNewIpAlerts(actors.owner, { keyId: key.id, since: new Date(T0 + 180_000 - NEW_IP_WINDOW_MS), take: 50 });
    expect((await recent()).alerts.map((a) => a.ip)).toEqual(["10.0.0.3", "10.0.0.2"]);

    // Validation, authorization and ownership come first.
    await expect(acknowledgeNewIp(actors.owner, { keyId: key.id, ip: "" })).rejects.toMatchObject({ code: "validation" });
    await expect(acknowledgeNewIp(actors.owner, { keyId: key.id, ip: "10.0.0.9" })).rejects.toMatchObject({ code: "not_found" });
    await expect(acknowledgeNewIp(actors.viewer, { keyId: key.id, ip: "10.0.0.2" })).rejects.toMatchObject({ code: "forbidden" });
    const other = await makeMerchant("Other");
    await expect(acknowledgeNewIp(other.actors.owner, { keyId: key.id, ip: "10.0.0.2" })).rejects.toMatchObject({ code: "not_found" });

    expect(await acknowledgeNewIp(actors.owner, { keyId: key.id, ip: "10.0.0.2" })).toMatchObject({ acknowledged: 1 });
    expect(await acknowledgeNewIp(actors.owner, { keyId: key.id, ip: "10.0.0.2" })).toMatchObject({ acknowledged: 0 });
    const events = await db.auditEvent.findMany({ where: { action: "api_key.new_ip_acknowledged", targetId: key.id } });
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0]!.changes)).toMatchObject({ ip: "10.0.0.2" });

    // Gone for everyone: the key page, the keys page's insights and the notifications API.
    const shown = await withoutDismissedAlerts(actors.viewer, await recent());
    expect(shown.alerts.map((a) => a.ip)).toEqual(["10.0.0.3"]);
    expect(shown.total).toBe(1);
    const { insights } = await withoutDismissed(actors.viewer, await getKeyInsights(actors.viewer, "test"));
    expect(insights.newIps.alerts.map((a) => a.ip)).toEqual(["10.0.0.3"]);
    const notifications = await listNotifications(actors.viewer, "test");
    expect(notifications.items.filter((n) => n.type === "api_key.used_from_new_ip").map((n) => n.ip)).toEqual(["10.0.0.3"]);
  });
});
