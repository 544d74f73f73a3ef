/**
 * Server-side sessions against the real database and the real session
 * resolver. Only the framework edges are stubbed: the decoded cookie
 * (`auth()`) and the request headers. Time moves with setClock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth", async () => (await import("../support/session-stubs")).authModule);
vi.mock("next/headers", async () => (await import("../support/session-stubs")).headersModule);

import { cookie } from "../support/session-stubs";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { changePassword, revokeOtherSessions, revokeSession } from "@/lib/auth/account";
import { createSession, describeUserAgent, endSession, listActiveSessions, purgeOldSessions, validateSession } from "@/lib/auth/sessions";
import { currentUser, resolveMerchantActor } from "@/lib/auth/session";
import { removeMember } from "@/lib/team/service";
import { makeMerchant } from "../support/fixtures";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function at(t: Date) {
  setClock(() => t);
}

async function signedIn(userId: string, secondFactorPending = false) {
  const s = await createSession({ userId, ip: "203.0.113.9", userAgent: "Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0", secondFactorPending });
  cookie.userId = userId;
  cookie.sid = s.id;
  return s;
}

beforeEach(() => {
  cookie.userId = null;
  cookie.sid = null;
});
afterEach(() => {
  setClock(null);
  delete process.env.KEYWARD_SESSION_IDLE_HOURS;
  delete process.env.KEYWARD_SESSION_MAX_AGE_HOURS;
});

describe("session lifetime", () => {
  it("ends after 8 idle hours, measured from the last request", async () => {
    const { actors } = await makeMerchant();
    const t0 = new Date("2031-03-01T09:00:00.000Z");
    at(t0);
    const s = await signedIn(actors.owner.userId);

    at(new Date(t0.getTime() + 7 * HOUR));
    expect(await validateSession(s.id)).not.toBeNull();
    // Seen at 16:00: idle counts from there.
    at(new Date(t0.getTime() + 15 * HOUR - 1));
    expect(await validateSession(s.id)).not.toBeNull();
    at(new Date(t0.getTime() + 15 * HOUR - 1 + 8 * HOUR));
    expect(await validateSession(s.id)).toBeNull();
    const row = await db.userSession.findUniqueOrThrow({ where: { id: s.id } });
    expect(row).toMatchObject({ endReason: "idle" });
    expect(await currentUser()).toBeNull();
  });

  it("never outlives its absolute end, however often it is used", async () => {
    const { actors } = await makeMerchant();
    const t0 = new Date("2031-03-01T09:00:00.000Z");
    at(t0);
    const s = await signedIn(actors.owner.userId);
    expect(s.expiresAt.getTime() - t0.getTime()).toBe(7 * 24 * HOUR);
    for (let h = 1; h < 7 * 24; h += 4) {
      at(new Date(t0.getTime() + h * HOUR));
      expect(await validateSession(s.id)).not.toBeNull();
    }
    at(s.expiresAt);
    expect(await validateSession(s.id)).toBeNull();
    expect(await db.userSession.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({ endReason: "expired", expiresAt: s.expiresAt });
  });

  it("takes both limits from the environment", async () => {
    process.env.KEYWARD_SESSION_IDLE_HOURS = "1";
    process.env.KEYWARD_SESSION_MAX_AGE_HOURS = "2";
    const { actors } = await makeMerchant();
    const t0 = new Date("2031-03-01T09:00:00.000Z");
    at(t0);
    const s = await signedIn(actors.owner.userId);
    expect(s.expiresAt.toISOString()).toBe("2031-03-01T11:00:00.000Z");
    at(new Date(t0.getTime() + HOUR));
    expect(await validateSession(s.id)).toBeNull();
  });

  it("writes lastSeenAt at most once a minute", async () => {
    const { actors } = await makeMerchant();
    const t0 = new Date("2031-03-01T09:00:00.000Z");
    at(t0);
    const s = await signedIn(actors.owner.userId);
    at(new Date(t0.getTime() + 30_000));
    await validateSession(s.id);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt).toEqual(t0);
    at(new Date(t0.getTime() + MINUTE));
    await validateSession(s.id);
    expect((await db.userSession.findUniqueOrThrow({ where: { id: s.id } })).lastSeenAt).toEqual(new Date(t0.getTime() + MINUTE));
  });

  it("treats a cookie without a session id, or with another user's, as signed out", async () => {
    const { actors } = await makeMerchant();
    const other = await createSession({ userId: actors.admin.userId, secondFactorPending: false });
    cookie.userId = actors.owner.userId;
    cookie.sid = null;
    expect(await currentUser()).toBeNull();
    cookie.sid = other.id;
    expect(await currentUser()).toBeNull();
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "signed_out" });
  });
});

describe("ending sessions", () => {
  it("refuses a session once it is signed out", async () => {
    const { actors } = await makeMerchant();
    const s = await signedIn(actors.owner.userId);
    const resolved = await resolveMerchantActor();
    expect(resolved.ok && resolved.actor.sessionId).toBe(s.id);
    expect(await endSession(s.id, "signed_out")).toBe(true);
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "signed_out" });
  });

  it("refuses a session that still owes its second factor", async () => {
    const { actors } = await makeMerchant();
    await signedIn(actors.owner.userId, true);
    expect(await currentUser()).toBeNull();
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "second_factor_pending" });
  });

  it("lists the user's active sessions, marks this one, and ends one or all others", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.owner.userId;
    const a = await signedIn(userId);
    const b = await createSession({ userId, secondFactorPending: false, userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1" });
    const c = await createSession({ userId, secondFactorPending: false });
    const pending = await createSession({ userId, secondFactorPending: true });
    const listed = await listActiveSessions(userId, a.id);
    expect(listed.map((s) => s.id).sort()).toEqual([a.id, b.id, c.id].sort());
    expect(listed.find((s) => s.id === a.id)).toMatchObject({ current: true, browser: "Chrome on Linux", ip: "203.0.113.9" });
    expect(listed.find((s) => s.id === b.id)).toMatchObject({ current: false, browser: "Safari on iOS" });

    const me = { id: userId, sessionId: a.id };
    await revokeSession(me, b.id);
    expect(await validateSession(b.id)).toBeNull();
    // Someone else's session is simply not found.
    const stranger = await createSession({ userId: actors.viewer.userId, secondFactorPending: false });
    await expect(revokeSession(me, stranger.id)).rejects.toMatchObject({ code: "not_found" });
    expect(await validateSession(stranger.id)).not.toBeNull();

    expect(await revokeOtherSessions(me)).toBe(2); // c and the pending one
    expect(await validateSession(c.id)).toBeNull();
    expect(await validateSession(pending.id)).toBeNull();
    expect(await validateSession(a.id)).not.toBeNull();
  });

  it("a password change ends the user's other sessions and records when", async () => {
    const t = new Date("2031-03-01T09:00:00.000Z");
    at(t);
    const { actors } = await makeMerchant();
    const userId = actors.owner.userId;
    await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword("old-password-123") } });
    const mine = await signedIn(userId);
    const elsewhere = await createSession({ userId, secondFactorPending: false });
    const me = { id: userId, sessionId: mine.id };

    await expect(
      changePassword(me, { currentPassword: "wrong-password-1", newPassword: "new-password-456", confirmPassword: "new-password-456" }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { currentPassword: expect.any(Array) } });
    await expect(
      changePassword(me, { currentPassword: "old-password-123", newPassword: "short", confirmPassword: "short" }),
    ).rejects.toMatchObject({ code: "validation" });
    expect(await validateSession(elsewhere.id)).not.toBeNull();

    expect(
      await changePassword(me, { currentPassword: "old-password-123", newPassword: "new-password-456", confirmPassword: "new-password-456" }),
    ).toEqual({ sessionsEnded: 1 });
    expect(await validateSession(elsewhere.id)).toBeNull();
    expect(await db.userSession.findUniqueOrThrow({ where: { id: elsewhere.id } })).toMatchObject({ endReason: "password_changed" });
    expect(await validateSession(mine.id)).not.toBeNull();
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.passwordChangedAt).toEqual(t);
    expect(await verifyPassword(user.passwordHash, "new-password-456")).toBe(true);
  });

  it("a session gets five wrong current passwords, then must wait", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.owner.userId;
    await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword("old-password-123") } });
    const me = { id: userId, sessionId: (await signedIn(userId)).id };
    const wrong = { currentPassword: "wrong-password-1", newPassword: "new-password-456", confirmPassword: "new-password-456" };
    for (let i = 0; i < 5; i++) await expect(changePassword(me, wrong)).rejects.toMatchObject({ code: "validation" });
    // Even the right password waits now: guessing cannot go on from this session.
    await expect(
      changePassword(me, { currentPassword: "old-password-123", newPassword: "new-password-456", confirmPassword: "new-password-456" }),
    ).rejects.toMatchObject({ code: "rate_limited" });
    const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(await verifyPassword(user.passwordHash, "old-password-123")).toBe(true);
  });

  it("removing a member ends the removed user's sessions, and says so in the audit log", async () => {
    const { merchant, actors } = await makeMerchant();
    const removed = await createSession({ userId: actors.developer.userId, secondFactorPending: false });
    const membership = await db.membership.findFirstOrThrow({ where: { userId: actors.developer.userId, merchantId: merchant.id } });
    await removeMember(actors.owner, membership.id);
    expect(await validateSession(removed.id)).toBeNull();
    expect(await db.userSession.findUniqueOrThrow({ where: { id: removed.id } })).toMatchObject({ endReason: "membership_removed" });
    const event = await db.auditEvent.findFirstOrThrow({ where: { merchantId: merchant.id, action: "team.member_removed" } });
    expect(JSON.parse(event.changes)).toMatchObject({ sessionsEnded: 1 });
  });
});

describe("retention", () => {
  it("deletes session records 30 days after they ended or expired, not before", async () => {
    const { actors } = await makeMerchant();
    const t0 = new Date("2031-04-01T09:00:00.000Z");
    at(t0);
    const ended = await createSession({ userId: actors.owner.userId, secondFactorPending: false });
    await endSession(ended.id, "signed_out");
    const live = await createSession({ userId: actors.owner.userId, secondFactorPending: false });
    await purgeOldSessions(new Date(t0.getTime() + 29 * 24 * HOUR));
    expect(await db.userSession.count({ where: { id: { in: [ended.id, live.id] } } })).toBe(2);
    await purgeOldSessions(new Date(t0.getTime() + 31 * 24 * HOUR));
    expect(await db.userSession.findUnique({ where: { id: ended.id } })).toBeNull();
    // Expired on day 7: kept until day 37.
    expect(await db.userSession.findUnique({ where: { id: live.id } })).not.toBeNull();
    await purgeOldSessions(new Date(t0.getTime() + 38 * 24 * HOUR));
    expect(await db.userSession.findUnique({ where: { id: live.id } })).toBeNull();
  });
});

describe("describeUserAgent", () => {
  it("names common browsers simply", () => {
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0")).toBe("Firefox on Windows");
    expect(describeUserAgent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15")).toBe("Safari on macOS");
    expect(describeUserAgent("Mozilla/5.0 (Windows NT 10.0) Chrome/140.0 Safari/537.36 Edg/140.0")).toBe("Edge on Windows");
    expect(describeUserAgent(null)).toBe("Unknown browser");
  });
});
