/**
 * Impersonation against the real database and the real session resolver
 * (lib/auth/session.ts). Only the two framework edges are stubbed: the
 * decoded session cookie (`auth()`) and the request headers, which exist
 * only inside a Next.js request. Time moves with setClock, never by sleeping.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  userId: null as string | null,
  impersonationId: null as string | null,
  sid: null as string | null,
  sidOf: null as string | null,
}));

vi.mock("@/lib/auth", () => ({
  // A signed-in user has a live server-side session record; one is made the first time it is needed.
  auth: async () => {
    if (!session.userId) return null;
    if (session.sidOf !== session.userId) {
      const { createSession } = await import("@/lib/auth/sessions");
      session.sid = (await createSession({ userId: session.userId, secondFactorPending: false })).id;
      session.sidOf = session.userId;
    }
    return { user: { id: session.userId }, sid: session.sid, impersonationId: session.impersonationId ?? undefined };
  },
}));
vi.mock("next/headers", () => ({
  headers: async () => new Headers({ "user-agent": "support-browser", "x-keyward-peer-ip": "198.51.100.7" }),
  cookies: async () => ({ get: () => undefined }),
}));

import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { newId, randomBase62 } from "@/lib/ids";
import { hashPassword } from "@/lib/auth/password";
import { resolveMerchantActor } from "@/lib/auth/session";
import type { UserActor } from "@/lib/auth/actor";
import { createApiKey, revealSecret, revokeApiKey, rollApiKey, updateApiKey } from "@/lib/api-keys/service";
import { changeMemberRole, inviteMember, removeMember, revokeInvite } from "@/lib/team/service";
import { createApplication, deleteApplication, getApplication, updateApplication } from "@/lib/applications/service";
import { addCredential, decryptCredential, removeCredential, rotateCredential } from "@/lib/credentials/service";
import {
  activeImpersonationOf,
  closeExpiredImpersonations,
  endImpersonation,
  removeSupportRole,
  searchMerchants,
  startImpersonation,
  type StaffUser,
} from "@/lib/impersonation/service";
import { endImpersonationOnSignOut } from "@/lib/impersonation/sign-out";
import { makeMerchant } from "../support/fixtures";

const password = "support-password-1";
const reason = "Customer reports a key that stopped working";

async function makeStaff(staffRole: string | null = "support", name = "Sam Support"): Promise<StaffUser> {
  return db.user.create({
    data: { id: newId("usr"), email: `${newId("usr").toLowerCase()}@keyward.test`, name, passwordHash: await hashPassword(password), staffRole },
    select: { id: true, email: true, name: true, staffRole: true },
  });
}

/** Starts an impersonation and carries it in the (stubbed) session, as the console's action does. */
async function impersonate(staff: StaffUser, merchantId: string, extra: Record<string, unknown> = {}) {
  const started = await startImpersonation(staff, { merchantId, reason, password, ...extra }, { ip: "198.51.100.7", userAgent: "support-browser" });
  session.userId = staff.id;
  session.impersonationId = started.id;
  return started;
}

async function actingActor(): Promise<UserActor> {
  const resolved = await resolveMerchantActor();
  if (!resolved.ok) throw new Error(`not acting: ${resolved.reason}`);
  return resolved.actor;
}

beforeEach(() => {
  session.userId = null;
  session.impersonationId = null;
});
afterEach(() => {
  setClock(null);
  delete process.env.KEYWARD_IMPERSONATION_MINUTES;
});

describe("who may impersonate", () => {
  it("refuses merchant users and staff without the support role", async () => {
    const { merchant, actors } = await makeMerchant();
    const owner = await db.user.findUniqueOrThrow({ where: { id: actors.owner.userId } });
    const billing = await makeStaff("billing");
    for (const user of [owner, billing]) {
      await expect(startImpersonation(user, { merchantId: merchant.id, reason, password })).rejects.toMatchObject({ code: "forbidden" });
      await expect(searchMerchants(user, { q: "Test" })).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await db.impersonationSession.count({ where: { merchantId: merchant.id } })).toBe(0);
  });

  it("requires the staff member's password and throttles guessing", async () => {
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    await expect(startImpersonation(staff, { merchantId: merchant.id, reason, password: "wrong" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { password: ["Incorrect password"] },
    });
    for (let i = 0; i < 4; i++) await startImpersonation(staff, { merchantId: merchant.id, reason, password: "wrong" }).catch(() => {});
    await expect(startImpersonation(staff, { merchantId: merchant.id, reason, password })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await db.impersonationSession.count({ where: { staffUserId: staff.id } })).toBe(0);
  });

  it("requires a reason and validates the ticket reference", async () => {
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    await expect(startImpersonation(staff, { merchantId: merchant.id, reason: "  ", password })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { reason: expect.any(Array) },
    });
    await expect(
      startImpersonation(staff, { merchantId: merchant.id, reason, ticketRef: "=cmd|calc", password }),
    ).rejects.toMatchObject({ fieldErrors: { ticketRef: expect.any(Array) } });
    await expect(startImpersonation(staff, { merchantId: "mer_00000000000000000000", reason, password })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("finds merchants by name in any case, by id, and by a member's email", async () => {
    const { merchant, actors } = await makeMerchant("Zebra Widgets Ltd");
    const staff = await makeStaff();
    for (const q of ["zebra", "ZEBRA widgets", "Zebra", merchant.id, actors.developer.label.toUpperCase()]) {
      const hits = await searchMerchants(staff, { q });
      expect(hits.map((h) => h.id), q).toContain(merchant.id);
    }
    const [hit] = await searchMerchants(staff, { q: merchant.id });
    expect(hit).toMatchObject({ name: "Zebra Widgets Ltd", memberCount: 4, owners: [actors.owner.label] });
    expect(await searchMerchants(staff, { q: "no such merchant anywhere" })).toEqual([]);
  });
});

describe("an impersonation", () => {
  it("acts as the merchant's owner, marked as staff, and is audited on the merchant's log", async () => {
    const { merchant } = await makeMerchant("Acme");
    const staff = await makeStaff();
    const started = await impersonate(staff, merchant.id, { ticketRef: "SUP-1234" });
    const actor = await actingActor();
    expect(actor).toMatchObject({
      merchantId: merchant.id,
      role: "owner",
      impersonation: { id: started.id, staffUserId: staff.id, staffLabel: "Sam Support", reason },
    });
    const [event] = await db.auditEvent.findMany({ where: { merchantId: merchant.id, action: "impersonation.started" } });
    expect(event).toMatchObject({
      actorType: "staff",
      actorId: staff.id,
      actorLabel: "Sam Support (support)",
      impersonatorId: staff.id,
      impersonationId: started.id,
      reason,
      targetType: "merchant",
      targetId: merchant.id,
      ip: "198.51.100.7",
    });
    expect(JSON.parse(event!.changes)).toMatchObject({ ticketRef: "SUP-1234" });
  });

  it("cannot be nested", async () => {
    const a = await makeMerchant("A");
    const b = await makeMerchant("B");
    const staff = await makeStaff();
    await impersonate(staff, a.merchant.id);
    await expect(startImpersonation(staff, { merchantId: b.merchant.id, reason, password })).rejects.toMatchObject({ code: "conflict" });
    await expect(startImpersonation(staff, { merchantId: a.merchant.id, reason, password })).rejects.toMatchObject({ code: "conflict" });
    expect(await db.impersonationSession.count({ where: { staffUserId: staff.id } })).toBe(1);

    expect(await endImpersonation(staff.id, "staff")).toBe(1);
    await impersonate(staff, b.merchant.id);
    expect((await actingActor()).merchantId).toBe(b.merchant.id);
  });

  it("lets only one of concurrent starts through", async () => {
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => startImpersonation(staff, { merchantId: merchant.id, reason, password })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.impersonationSession.count({ where: { staffUserId: staff.id } })).toBe(1);
  });

  it("expires at its deadline (30 minutes by default)", async () => {
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    const t0 = new Date("2030-01-01T10:00:00.000Z");
    setClock(() => t0);
    const started = await impersonate(staff, merchant.id);
    expect(started.expiresAt.toISOString()).toBe("2030-01-01T10:30:00.000Z");

    setClock(() => new Date(started.expiresAt.getTime() - 1));
    expect((await resolveMerchantActor()).ok).toBe(true);
    expect(await activeImpersonationOf(staff.id)).not.toBeNull();

    setClock(() => started.expiresAt);
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "staff" });
    expect(await activeImpersonationOf(staff.id)).toBeNull();

    // The merchant's log shows when it ended.
    expect(await closeExpiredImpersonations({ staffUserId: staff.id })).toBe(1);
    const row = await db.impersonationSession.findUniqueOrThrow({ where: { id: started.id } });
    expect(row.endedAt).toEqual(started.expiresAt);
    const [expired] = await db.auditEvent.findMany({ where: { merchantId: merchant.id, action: "impersonation.expired" } });
    expect(expired).toMatchObject({ actorType: "staff", impersonationId: started.id, reason });
    expect(JSON.parse(expired!.changes)).toMatchObject({ endedBy: "expiry", durationSeconds: 1800 });

    // And a new one may start.
    await impersonate(staff, merchant.id);
    expect((await resolveMerchantActor()).ok).toBe(true);
  });

  it("takes its length from KEYWARD_IMPERSONATION_MINUTES", async () => {
    process.env.KEYWARD_IMPERSONATION_MINUTES = "5";
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    const t0 = new Date("2030-01-01T10:00:00.000Z");
    setClock(() => t0);
    const started = await impersonate(staff, merchant.id);
    expect(started.expiresAt.toISOString()).toBe("2030-01-01T10:05:00.000Z");
    setClock(() => new Date("2030-01-01T10:05:00.000Z"));
    expect((await resolveMerchantActor()).ok).toBe(false);
  });

  it("ends at once when the support role is removed", async () => {
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    await impersonate(staff, merchant.id);
    expect((await resolveMerchantActor()).ok).toBe(true);

    // Rights are re-checked on every request: changing the role alone is enough.
    await db.user.update({ where: { id: staff.id }, data: { staffRole: null } });
    expect((await resolveMerchantActor()).ok).toBe(false);
    await db.user.update({ where: { id: staff.id }, data: { staffRole: "support" } });

    await removeSupportRole(staff.id);
    expect((await resolveMerchantActor()).ok).toBe(false);
    const [ended] = await db.auditEvent.findMany({ where: { merchantId: merchant.id, action: "impersonation.ended" } });
    expect(JSON.parse(ended!.changes)).toMatchObject({ endedBy: "role_removed" });
    // Giving the role back does not revive the old session.
    await db.user.update({ where: { id: staff.id }, data: { staffRole: "support" } });
    expect((await resolveMerchantActor()).ok).toBe(false);
  });

  it("ends at sign-out", async () => {
    const { merchant } = await makeMerchant();
    const staff = await makeStaff();
    const started = await impersonate(staff, merchant.id);
    await endImpersonationOnSignOut();
    expect((await db.impersonationSession.findUniqueOrThrow({ where: { id: started.id } })).endedAt).not.toBeNull();
    const [ended] = await db.auditEvent.findMany({ where: { merchantId: merchant.id, action: "impersonation.ended" } });
    expect(ended).toMatchObject({ actorLabel: "Sam Support (support)", impersonationId: started.id, reason, userAgent: "support-browser" });
    expect(JSON.parse(ended!.changes)).toMatchObject({ endedBy: "sign_out" });
    // The same cookie, replayed, no longer acts for the merchant.
    expect((await resolveMerchantActor()).ok).toBe(false);
  });
});

describe("what impersonating staff may do (service layer)", () => {
  async function setup() {
    const m = await makeMerchant("Acme");
    const owner = m.actors.owner;
    const testKey = await createApiKey(owner, { name: "Test server", type: "secret", environment: "test" }, "reveal");
    const liveKey = await createApiKey(owner, { name: "Live server", type: "secret", environment: "live" }, "reveal");
    const restricted = await createApiKey(
      owner,
      { name: "Restricted", type: "restricted", environment: "live", permissions: ["charges:read"] },
      "reveal",
    );
    const { invite } = await inviteMember(owner, { email: "pending@example.test", role: "viewer" });
    const app = await createApplication(owner, { name: "Checkout", environment: "test" });
    await addCredential(owner, app.id, "stripe", { apiKey: `sk_test_${randomBase62(32)}` });
    const viewer = await db.membership.findFirstOrThrow({ where: { userId: m.actors.viewer.userId } });
    const staff = await makeStaff();
    await impersonate(staff, m.merchant.id);
    return { ...m, staff, actor: await actingActor(), testKey, liveKey, restricted, invite, viewer, app };
  }

  it("refuses every secret and team operation", async () => {
    const s = await setup();
    const eventsBefore = await db.auditEvent.count({ where: { merchantId: s.merchant.id } });
    const keysBefore = await db.apiKey.count({ where: { merchantId: s.merchant.id } });
    const refusals: [string, () => Promise<unknown>][] = [
      ["create test key", () => createApiKey(s.actor, { name: "x", type: "secret", environment: "test" }, "reveal")],
      ["create live key", () => createApiKey(s.actor, { name: "x", type: "secret", environment: "live" }, "reveal")],
      ["create publishable key", () => createApiKey(s.actor, { name: "x", type: "publishable", environment: "test" }, "reveal")],
      ["create key for the API", () => createApiKey(s.actor, { name: "x", type: "secret", environment: "test" }, "response")],
      ["reveal secret", () => revealSecret(s.actor, s.testKey.key.id)],
      ["reveal live secret", () => revealSecret(s.actor, s.liveKey.key.id)],
      ["regenerate key", () => rollApiKey(s.actor, s.testKey.key.id, { expirePreviousIn: 0 }, "reveal")],
      ["regenerate key for the API", () => rollApiKey(s.actor, s.liveKey.key.id, { expirePreviousIn: 3600 }, "response")],
      ["edit permissions", () => updateApiKey(s.actor, s.restricted.key.id, { permissions: ["charges:write"] })],
      ["edit expiry", () => updateApiKey(s.actor, s.liveKey.key.id, { expiresAt: new Date(Date.now() + 86_400_000).toISOString() })],
      ["edit metadata", () => updateApiKey(s.actor, s.liveKey.key.id, { metadata: { a: "b" } })],
      ["rename and edit permissions", () => updateApiKey(s.actor, s.restricted.key.id, { name: "n", permissions: ["charges:write"] })],
      ["invite member", () => inviteMember(s.actor, { email: "new@example.test", role: "viewer" })],
      ["change role", () => changeMemberRole(s.actor, { membershipId: s.viewer.id, role: "admin" })],
      ["remove member", () => removeMember(s.actor, s.viewer.id)],
      ["withdraw invite", () => revokeInvite(s.actor, s.invite.id)],
      ["create application", () => createApplication(s.actor, { name: "x", environment: "test" })],
      ["delete application", () => deleteApplication(s.actor, s.app.id)],
      ["add credential", () => addCredential(s.actor, s.app.id, "checkout", { apiKey: `sk_sbox_${randomBase62(30)}` })],
      ["rotate credential", () => rotateCredential(s.actor, s.app.id, "stripe", { apiKey: `sk_test_${randomBase62(32)}` })],
      ["remove credential", () => removeCredential(s.actor, s.app.id, "stripe")],
      ["read credential plaintext", () => decryptCredential(s.actor, s.app.id, "stripe")],
    ];
    for (const [what, run] of refusals) {
      await expect(run(), what).rejects.toMatchObject({ code: "forbidden", message: expect.stringMatching(/support staff/i) });
    }
    // Nothing changed: no new keys, secrets still pending, no successors, no events.
    expect(await db.auditEvent.count({ where: { merchantId: s.merchant.id } })).toBe(eventsBefore);
    expect(await db.apiKey.count({ where: { merchantId: s.merchant.id } })).toBe(keysBefore);
    const testRow = await db.apiKey.findUniqueOrThrow({ where: { id: s.testKey.key.id } });
    expect(testRow.pendingSecret).not.toBeNull();
    expect(testRow.replacedById).toBeNull();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: s.restricted.key.id } })).permissions).toBe('["charges:read"]');
    expect((await db.membership.findUniqueOrThrow({ where: { id: s.viewer.id } })).role).toBe("viewer");
    expect((await db.invite.findUniqueOrThrow({ where: { id: s.invite.id } })).revokedAt).toBeNull();
    expect(await db.providerCredential.count({ where: { applicationId: s.app.id } })).toBe(1);
    expect(await db.application.count({ where: { merchantId: s.merchant.id } })).toBe(1);
  });

  it("allows revoking a key and editing names, recorded as staff with the reason", async () => {
    const s = await setup();
    const renamed = await updateApiKey(s.actor, s.liveKey.key.id, { name: "Live server (old)", description: "Rotating per SUP-1" });
    expect(renamed.name).toBe("Live server (old)");
    // Applications may be looked at and relabelled too.
    expect((await getApplication(s.actor, s.app.id)).name).toBe("Checkout");
    await updateApplication(s.actor, s.app.id, { description: "Checked by support" });
    const revoked = await revokeApiKey(s.actor, s.liveKey.key.id);
    expect(revoked.status).toBe("revoked");
    const events = await db.auditEvent.findMany({
      where: { merchantId: s.merchant.id, action: { in: ["api_key.updated", "api_key.revoked"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(events).toHaveLength(2);
    for (const e of events) {
      expect(e).toMatchObject({
        actorType: "staff",
        actorId: s.staff.id,
        actorLabel: "Sam Support (support)",
        impersonatorId: s.staff.id,
        impersonationId: s.actor.impersonation!.id,
        reason,
        targetId: s.liveKey.key.id,
      });
    }
  });
});
