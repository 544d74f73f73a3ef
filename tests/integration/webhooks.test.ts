/**
 * Webhooks end to end against a real HTTP receiver on 127.0.0.1: changes
 * write events to the outbox in their own transaction, the worker fans them
 * out and delivers them signed per Standard Webhooks, retries with back-off
 * (the clock is stepped, not slept), survives a killed worker and never
 * delivers one attempt twice from two workers.
 */
import { spawn } from "node:child_process";
import { lookup } from "node:dns/promises";
import { hostname } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { Webhook } from "standardwebhooks";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { recordAudit } from "@/lib/audit/record";
import { hashPassword } from "@/lib/auth/password";
import { createApiKey, revokeApiKey, rollApiKey, updateApiKey } from "@/lib/api-keys/service";
import { flushKeyUsage, recordKeyUse } from "@/lib/api-keys/usage";
import { createApplication } from "@/lib/applications/service";
import { addCredential, rotateCredential } from "@/lib/credentials/service";
import { changeMemberRole, inviteMember, removeMember } from "@/lib/team/service";
import { acceptInviteAsNewUser } from "@/lib/team/invites";
import { endImpersonation, startImpersonation } from "@/lib/impersonation/service";
import { processLeakReports } from "@/lib/leaked-keys/service";
import { raiseScheduledKeyEvents } from "@/lib/events/scheduled";
import { EVENT_TYPE_NAMES, type EventType } from "@/lib/events/types";
import { ALLOW_PRIVATE_ENV } from "@/lib/webhooks/address";
import { createEndpoint, listDeliveries, resendDelivery, rollEndpointSecret, sendTestEvent, updateEndpoint } from "@/lib/webhooks/service";
import { RETRY_WINDOW_MS, backoffMs, deliverDue, fanOutEvents, runWebhookWorkerOnce } from "@/lib/webhooks/worker";
import { makeMerchant } from "../support/fixtures";
import { startReceiver, type Receiver } from "../support/webhook-receiver";

let receiver: Receiver;
const savedAllow = process.env[ALLOW_PRIVATE_ENV];

beforeAll(async () => {
  process.env[ALLOW_PRIVATE_ENV] = "true";
  receiver = await startReceiver();
});
afterEach(() => {
  setClock(null);
  receiver.requests.length = 0;
  receiver.answer = () => 200;
  process.env[ALLOW_PRIVATE_ENV] = "true";
});
afterAll(async () => {
  await receiver.close();
  if (savedAllow === undefined) delete process.env[ALLOW_PRIVATE_ENV];
  else process.env[ALLOW_PRIVATE_ENV] = savedAllow;
});

/** Runs the worker until nothing is left to do now. */
async function drain(owner = "test-worker") {
  for (let i = 0; i < 20; i++) {
    const r = await runWebhookWorkerOnce(owner);
    if (r.fannedOut + r.attempted === 0) return;
  }
}

function verify(secrets: string[], req: { headers: Record<string, string>; body: string }) {
  return secrets.map((s) => {
    try {
      new Webhook(s).verify(req.body, req.headers);
      return true;
    } catch {
      return false;
    }
  });
}

async function endpointFor(owner: Parameters<typeof createEndpoint>[0], environment: "test" | "live", eventTypes: EventType[] = [...EVENT_TYPE_NAMES]) {
  return createEndpoint(owner, { url: receiver.url, environment, eventTypes });
}

// Each test runs the worker over the whole database: on a shared PostgreSQL that includes every other file's events.
describe("webhook events", { timeout: 120_000 }, () => {
  it("delivers each event type once to the endpoints that want it, signed so that standardwebhooks verifies it", async () => {
    const { merchant, actors } = await makeMerchant("Webhook events");
    const { owner } = actors;
    // Flush what earlier tests left so only this merchant's events follow.
    await drain();
    const live = await endpointFor(owner, "live");
    const test = await endpointFor(owner, "test", ["api_key.created"]);

    // api_key.created, .updated, .rolled, .revoked
    const { key } = await createApiKey(owner, { name: "Server", type: "secret", environment: "live" }, "response");
    await updateApiKey(owner, key.id, { name: "Server (renamed)" });
    const rolled = await rollApiKey(owner, key.id, { expirePreviousIn: 1800 }, "response");
    const other = await createApiKey(owner, { name: "Other", type: "secret", environment: "live" }, "response");
    await revokeApiKey(owner, other.key.id);
    // A test key's creation goes to the test endpoint only.
    await createApiKey(owner, { name: "Test", type: "secret", environment: "test" }, "response");

    // .used_from_new_ip: a second IP for a key that has one already.
    const t0 = Date.now();
    recordKeyUse(rolled.key.id, "203.0.113.10", new Date(t0));
    await flushKeyUsage();
    recordKeyUse(rolled.key.id, "198.51.100.7", new Date(t0 + 1000));
    await flushKeyUsage();

    // .rotation_still_in_use: the old secret used within the last hour of its grace period.
    recordKeyUse(key.id, "203.0.113.10", new Date(t0 + 2000));
    await flushKeyUsage();
    // .expiring (within 7 days) and .expired
    const expiring = await createApiKey(owner, { name: "Expiring", type: "secret", environment: "live", expiresAt: new Date(t0 + 3 * 86_400_000) }, "response");
    const expired = await createApiKey(owner, { name: "Expired", type: "secret", environment: "live" }, "response");
    await db.apiKey.update({ where: { id: expired.key.id }, data: { expiresAt: new Date(t0 - 60_000) } });
    await raiseScheduledKeyEvents(new Date(t0 + 5000), merchant.id);
    // Raised once per occurrence, however often the job runs.
    expect(await raiseScheduledKeyEvents(new Date(t0 + 6000), merchant.id)).toBe(0);

    // .leaked (and .revoked): a scanner reports a live secret.
    const leaked = await createApiKey(owner, { name: "Leaked", type: "secret", environment: "live" }, "response");
    await processLeakReports([{ token: leaked.secret, type: "keyward_secret_key", url: "https://github.com/a/b", source: "content" }], "scanner");

    // .disabled / .enabled: the audit actions the key-pausing service records.
    await db.$transaction(async (tx) => {
      await recordAudit(tx, owner, { action: "api_key.disabled", targetType: "api_key", targetId: expiring.key.id });
      await recordAudit(tx, owner, { action: "api_key.enabled", targetType: "api_key", targetId: expiring.key.id });
    });

    // provider_credential.rotated
    const app = await createApplication(owner, { name: "Checkout", environment: "live" });
    await addCredential(owner, app.id, "stripe", { apiKey: `sk_live_${"a".repeat(32)}` });
    await rotateCredential(owner, app.id, "stripe", { apiKey: `sk_live_${"b".repeat(32)}` });

    // team.member_added, .member_role_changed, .member_removed
    const invite = await inviteMember(owner, { email: `new-${merchant.id}@example.test`.toLowerCase(), role: "developer" });
    const joined = await acceptInviteAsNewUser({ token: invite.token, name: "New", password: "a-long-enough-password", confirmPassword: "a-long-enough-password" });
    const membership = await db.membership.findFirstOrThrow({ where: { userId: joined.userId, merchantId: merchant.id } });
    await changeMemberRole(owner, { membershipId: membership.id, role: "viewer" });
    await removeMember(owner, membership.id);

    // impersonation.started / .ended
    const password = "support-password-1";
    const staff = await db.user.create({
      data: { id: newId("usr"), email: `staff-${merchant.id}@keyward.test`.toLowerCase(), name: "Staff", passwordHash: await hashPassword(password), staffRole: "support" },
    });
    await startImpersonation(staff, { merchantId: merchant.id, reason: "Checking a failing integration", password });
    await endImpersonation(staff.id, "staff");

    await drain();
    const liveEvents = receiver.requests.filter((r) => JSON.parse(r.body).environment !== "test");
    const types = liveEvents.map((r) => JSON.parse(r.body).type as string).sort();
    // Every type once (two keys created: "Server", "Other", plus Expiring, Expired, Leaked: counted apart).
    const counts = Object.fromEntries(EVENT_TYPE_NAMES.map((t) => [t, types.filter((x) => x === t).length]));
    expect(counts).toEqual({
      ...Object.fromEntries(EVENT_TYPE_NAMES.map((t) => [t, 1])),
      "api_key.created": 5,
      // Revoked by a member, and by the leak report.
      "api_key.revoked": 2,
    });
    // Each request verifies with the endpoint's secret (and not with the other endpoint's).
    for (const r of liveEvents) expect(verify([live.secret, test.secret], r)).toEqual([true, false]);
    // The test endpoint got the test key's creation only.
    const testEvents = receiver.requests.filter((r) => JSON.parse(r.body).environment === "test");
    expect(testEvents.map((r) => JSON.parse(r.body).data.object.name)).toEqual(["Test"]);
    for (const r of testEvents) expect(verify([test.secret], r)).toEqual([true]);

    // Payloads name object, actor and time, and carry no secret.
    const created = JSON.parse(liveEvents.find((r) => JSON.parse(r.body).type === "api_key.rolled")!.body);
    expect(created.data.object).toMatchObject({ type: "api_key", id: key.id, name: "Server (renamed)" });
    expect(created.data.actor).toMatchObject({ type: "user", id: owner.userId, label: owner.label });
    expect(new Date(created.timestamp).getTime()).toBeGreaterThan(0);
    const all = receiver.requests.map((r) => r.body).join("\n");
    for (const secret of [rolled.secret, other.secret, leaked.secret, expiring.secret, "a".repeat(32), "b".repeat(32), live.secret, test.secret]) {
      expect(all).not.toContain(secret);
    }
    // Webhook ids are unique per event, and the header matches the body.
    expect(new Set(receiver.requests.map((r) => r.id)).size).toBe(receiver.requests.length);
    for (const r of receiver.requests) expect(JSON.parse(r.body).id).toBe(r.id);
  });

  it("sends nothing for a change that rolled back", async () => {
    const { actors } = await makeMerchant("Rolled back");
    await drain();
    await endpointFor(actors.owner, "live");
    await drain();
    receiver.requests.length = 0;
    const { key } = await createApiKey(actors.owner, { name: "Kept", type: "secret", environment: "live" }, "response");
    await expect(
      db.$transaction(async (tx) => {
        await tx.apiKey.update({ where: { id: key.id }, data: { revokedAt: new Date() } });
        await recordAudit(tx, actors.owner, { action: "api_key.revoked", targetType: "api_key", targetId: key.id });
        throw new Error("the change fails after its audit event");
      }),
    ).rejects.toThrow(/fails/);
    await drain();
    expect(receiver.requests.map((r) => JSON.parse(r.body).type)).toEqual(["api_key.created"]);
  });

  it("retries after back-off: a receiver answering 500 then 200 gets the same event again", async () => {
    const { actors } = await makeMerchant("Back-off");
    await drain();
    const endpoint = await endpointFor(actors.owner, "live");
    receiver.answer = (_req, i) => (i === 0 ? 500 : 200);
    const start = new Date();
    setClock(() => start);
    await createApiKey(actors.owner, { name: "Retried", type: "secret", environment: "live" }, "response");
    await drain();
    expect(receiver.requests).toHaveLength(1);
    // Not due yet: nothing is sent before the back-off has passed.
    setClock(() => new Date(start.getTime() + backoffMs(1) - 1000));
    await drain();
    expect(receiver.requests).toHaveLength(1);
    setClock(() => new Date(start.getTime() + backoffMs(1) + 1000));
    await drain();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.id).toBe(receiver.requests[0]!.id);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
    const [delivery] = (await listDeliveries(actors.owner, endpoint.endpoint.id)).items;
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 2, lastStatusCode: 200 });
    expect(delivery!.attemptLog.map((a) => [a.number, a.statusCode, a.responseBody])).toEqual([
      [2, 200, "ok"],
      [1, 500, "failed with 500"],
    ]);
  });

  it("resends after a worker is killed mid-delivery, with the same webhook-id", async () => {
    const { actors } = await makeMerchant("Killed worker");
    await drain();
    await endpointFor(actors.owner, "live");
    receiver.answer = (_req, i) => (i === 0 ? "hang" : 200);
    await createApiKey(actors.owner, { name: "Interrupted", type: "secret", environment: "live" }, "response");

    const root = path.resolve(import.meta.dirname, "..", "..");
    const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/webhook-worker-child.ts"], {
      cwd: root,
      env: { ...process.env, KEYWARD_WEBHOOK_POLL_MS: "100" },
      stdio: "ignore",
    });
    try {
      await receiver.waitFor(1, 25_000);
    } finally {
      child.kill("SIGKILL");
    }
    await new Promise((resolve) => child.once("exit", resolve));
    // The dead worker's lease still holds: nobody sends until it expires.
    await drain();
    expect(receiver.requests).toHaveLength(1);
    setClock(() => new Date(Date.now() + 61_000));
    await drain();
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests[1]!.id).toBe(receiver.requests[0]!.id);
    expect(receiver.requests[1]!.body).toBe(receiver.requests[0]!.body);
  });

  it("never delivers one attempt twice when two workers run at once", async () => {
    const { actors } = await makeMerchant("Two workers");
    await drain();
    await endpointFor(actors.owner, "live");
    for (let i = 0; i < 12; i++) await createApiKey(actors.owner, { name: `Key ${i}`, type: "secret", environment: "live" }, "response");
    await Promise.all([fanOutEvents(), fanOutEvents()]);
    for (let round = 0; round < 5; round++) await Promise.all([deliverDue("worker-a", 4), deliverDue("worker-b", 4)]);
    const ids = receiver.requests.filter((r) => JSON.parse(r.body).merchant === actors.owner.merchantId).map((r) => r.id);
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
    const attempts = await db.webhookAttempt.count({ where: { merchantId: actors.owner.merchantId } });
    expect(attempts).toBe(12);
  });

  it("signs with both secrets during a roll's overlap, and with the new one after", async () => {
    const { actors } = await makeMerchant("Secret roll");
    await drain();
    const { endpoint, secret: first } = await endpointFor(actors.owner, "live");
    const start = new Date();
    setClock(() => start);
    const { secret: second } = await rollEndpointSecret(actors.owner, endpoint.id, { expirePreviousIn: 3600 });
    await sendTestEvent(actors.owner, endpoint.id);
    await drain();
    expect(receiver.requests[0]!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verify([first, second], receiver.requests[0]!)).toEqual([true, true]);
    setClock(() => new Date(start.getTime() + 3601_000));
    await sendTestEvent(actors.owner, endpoint.id);
    await drain();
    expect(receiver.requests[1]!.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(verify([first, second], receiver.requests[1]!)).toEqual([false, true]);
    expect(JSON.parse(receiver.requests[1]!.body).type).toBe("webhook.test");
  });

  it("disables an endpoint that fails for 3 days and tells its owners in the audit log; resend works once enabled", async () => {
    const { actors } = await makeMerchant("Failing endpoint");
    await drain();
    const { endpoint } = await endpointFor(actors.owner, "live");
    receiver.answer = () => 503;
    const start = new Date();
    setClock(() => start);
    const delivery = await sendTestEvent(actors.owner, endpoint.id);
    let at = start.getTime();
    for (let i = 0; i < 40; i++) {
      await drain();
      const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
      if (row.disabledAt) break;
      at += 6 * 3_600_000;
      setClock(() => new Date(at));
    }
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } });
    expect(row.disabledReason).toBe("failing");
    expect(row.disabledAt!.getTime() - start.getTime()).toBeGreaterThanOrEqual(RETRY_WINDOW_MS);
    const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } });
    expect(d.status).toBe("failed");
    expect(await db.auditEvent.count({ where: { targetId: endpoint.id, action: "webhook_endpoint.disabled", actorType: "system" } })).toBe(1);

    // Resending needs the endpoint enabled; then it goes out again with the same id.
    await expect(resendDelivery(actors.owner, endpoint.id, delivery.id)).rejects.toMatchObject({ code: "conflict" });
    await updateEndpoint(actors.owner, endpoint.id, { enabled: true });
    receiver.answer = () => 200;
    const before = receiver.requests.length;
    await resendDelivery(actors.owner, endpoint.id, delivery.id);
    await drain();
    expect(receiver.requests.length).toBe(before + 1);
    expect(receiver.requests.at(-1)!.id).toBe(delivery.eventId);
    expect((await db.webhookDelivery.findUniqueOrThrow({ where: { id: delivery.id } })).status).toBe("succeeded");
  });
});

describe("webhook addresses", () => {
  it("refuses private and loopback addresses at save and at connect time unless the operator allows them", async () => {
    const { actors } = await makeMerchant("Private addresses");
    delete process.env[ALLOW_PRIVATE_ENV];
    const count = () => db.webhookEndpoint.count({ where: { merchantId: actors.owner.merchantId } });
    for (const url of ["http://127.0.0.1:9/hooks", "http://localhost/hooks", "https://10.0.0.5/hooks", "https://[::1]/x", "https://169.254.169.254/latest"]) {
      await expect(createEndpoint(actors.owner, { url, environment: "live", eventTypes: ["api_key.created"] })).rejects.toMatchObject({
        code: "validation",
        fieldErrors: { url: [expect.stringMatching(/private or loopback/)] },
      });
    }
    expect(await count()).toBe(0);

    // A name that resolves to this machine passes the save check, and is refused when connecting.
    const name = hostname();
    const resolved = await lookup(name).catch(() => null);
    if (resolved && !/^(127\.|::1$)/.test(resolved.address)) return;
    const { endpoint } = await createEndpoint(actors.owner, { url: `https://${name}:9/hooks`, environment: "live", eventTypes: ["api_key.created"] });
    await sendTestEvent(actors.owner, endpoint.id);
    await drain();
    const [delivery] = (await listDeliveries(actors.owner, endpoint.id)).items;
    expect(delivery!.attemptLog[0]).toMatchObject({ statusCode: null, error: expect.stringMatching(/^refused: .* private or loopback/) });
  });
});

describe("webhook retention", () => {
  it("drops events delivered more than 30 days ago with their log, and keeps recent or pending ones", async () => {
    const { purgeOldWebhookEvents, WEBHOOK_RETENTION_MS } = await import("@/lib/webhooks/retention");
    const { actors } = await makeMerchant("Retention");
    await drain();
    const { endpoint } = await endpointFor(actors.owner, "live");
    const delivered = await sendTestEvent(actors.owner, endpoint.id);
    await drain();
    receiver.answer = () => "hang";
    const stuck = await sendTestEvent(actors.owner, endpoint.id);
    // Pending (never attempted: the endpoint is disabled before the worker runs).
    await updateEndpoint(actors.owner, endpoint.id, { enabled: false });
    const later = new Date(Date.now() + WEBHOOK_RETENTION_MS + 60_000);
    await purgeOldWebhookEvents(new Date(Date.now() + 60_000));
    expect(await db.webhookDelivery.count({ where: { id: { in: [delivered.id, stuck.id] } } })).toBe(2);
    await purgeOldWebhookEvents(later);
    expect(await db.outboxEvent.findUnique({ where: { id: delivered.eventId } })).toBeNull();
    expect(await db.webhookAttempt.count({ where: { deliveryId: delivered.id } })).toBe(0);
    expect(await db.webhookDelivery.findUnique({ where: { id: stuck.id } })).not.toBeNull();
  });
});

describe("scheduled key events", () => {
  // Over 500 events, each in its own transaction: slower than the default timeout on a busy PostgreSQL.
  it("announces every expiring key once, however many were announced before (more than a page)", { timeout: 180_000 }, async () => {
    const { actors } = await makeMerchant("Many expiring");
    const at = new Date();
    const soon = new Date(at.getTime() + 3 * 86_400_000);
    const base = { merchantId: actors.owner.merchantId, name: "Bulk", type: "secret", environment: "test", permissions: "[]", prefix: "sk_test_bulk", searchText: "bulk", hashVersion: "t1", expiresAt: soon };
    // Ids that sort first, so a run that only looked at the first page would never reach the rest.
    await db.apiKey.createMany({
      data: Array.from({ length: 520 }, (_, i) => ({ ...base, id: `key_00000${String(i).padStart(15, "0")}`, secretHash: `bulk-${actors.owner.merchantId}-${i}` })),
    });
    await raiseScheduledKeyEvents(at, actors.owner.merchantId);
    const late = await createApiKey(actors.owner, { name: "Late", type: "secret", environment: "test", expiresAt: soon }, "response");
    expect(await raiseScheduledKeyEvents(new Date(at.getTime() + 1000), actors.owner.merchantId)).toBe(1);
    const events = await db.outboxEvent.findMany({ where: { merchantId: actors.owner.merchantId, type: "api_key.expiring" }, select: { data: true } });
    expect(events).toHaveLength(521);
    expect(events.some((e) => JSON.parse(e.data).object.id === late.key.id)).toBe(true);
    await db.apiKey.deleteMany({ where: { merchantId: actors.owner.merchantId, name: "Bulk" } });
  });
});
