/**
 * TOTP, recovery codes, step-up and the merchant's second-factor
 * requirement, against the real database and session resolver. Only the
 * decoded cookie and the request headers are stubbed; time moves with setClock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("@/lib/auth", async () => (await import("../support/session-stubs")).authModule);
vi.mock("next/headers", async () => (await import("../support/session-stubs")).headersModule);

import { generate } from "otplib";
import { cookie } from "../support/session-stubs";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { hashPassword } from "@/lib/auth/password";
import { createSession, validateSession } from "@/lib/auth/sessions";
import { resolveMerchantActor } from "@/lib/auth/session";
import { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment } from "@/lib/auth/totp-enrolment";
import { confirmIdentity } from "@/lib/auth/verification";
import { STEP_UP_WINDOW_MS, requireRecentVerification } from "@/lib/auth/step-up";
import { openTotpSecret } from "@/lib/auth/totp";
import { hasSecondFactor, stepUpOptions } from "@/lib/auth/second-factor";
import { createApiKey, revealSecret, revokeApiKey } from "@/lib/api-keys/service";
import { inviteMember } from "@/lib/team/service";
import { setRequireSecondFactor } from "@/lib/team/second-factor-policy";
import { startImpersonation } from "@/lib/impersonation/service";
import { newId } from "@/lib/ids";
import { makeMerchant } from "../support/fixtures";

const T0 = new Date("2031-05-01T12:00:00.000Z");
const at = (t: Date) => setClock(() => t);
const plus = (ms: number) => new Date(T0.getTime() + ms);
const codeAt = (secret: string, t: Date) => generate({ secret, epoch: Math.floor(t.getTime() / 1000) });

async function signedIn(userId: string, secondFactorPending = false) {
  const s = await createSession({ userId, secondFactorPending });
  cookie.userId = userId;
  cookie.sid = s.id;
  return s;
}

/** A member with TOTP turned on; returns the secret and recovery codes. */
async function enrolled(userId: string) {
  const s = await signedIn(userId);
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  const me = { id: userId, email: user.email, sessionId: s.id, verifiedAt: s.verifiedAt };
  const { secret } = await startTotpEnrolment(me);
  const { recoveryCodes } = await confirmTotpEnrolment(me, await codeAt(secret, T0));
  return { secret, recoveryCodes, session: s, me };
}

beforeEach(() => {
  cookie.userId = null;
  cookie.sid = null;
  at(T0);
});
afterEach(() => setClock(null));

describe("TOTP enrolment", () => {
  it("stores the secret sealed, turns on only after a right code, and gives 10 single-use recovery codes", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.developer.userId;
    const s = await signedIn(userId);
    const me = { id: userId, email: actors.developer.label, sessionId: s.id, verifiedAt: s.verifiedAt };
    // Only with a recent confirmation: a borrowed session cannot add its own factor.
    await expect(startTotpEnrolment({ ...me, verifiedAt: plus(-STEP_UP_WINDOW_MS - 1) })).rejects.toMatchObject({ code: "step_up_required" });
    const { secret, qrDataUrl, uri } = await startTotpEnrolment(me);
    expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(uri).toContain(`secret=${secret}`);
    const row = await db.user.findUniqueOrThrow({ where: { id: userId } });
    expect(row.totpSecret).not.toContain(secret);
    expect(openTotpSecret(userId, row.totpSecret!)).toBe(secret);
    expect(row.totpEnabledAt).toBeNull();
    expect(await hasSecondFactor(userId)).toBe(false);

    await expect(confirmTotpEnrolment(me, "000000")).rejects.toMatchObject({ code: "validation" });
    const { recoveryCodes } = await confirmTotpEnrolment(me, await codeAt(secret, T0));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    expect(await hasSecondFactor(userId)).toBe(true);
    const stored = await db.recoveryCode.findMany({ where: { userId } });
    expect(stored).toHaveLength(10);
    expect(stored.map((r) => r.codeHash)).not.toContain(recoveryCodes[0]);
    // A second enrolment while on is refused.
    await expect(startTotpEnrolment(me)).rejects.toMatchObject({ code: "conflict" });
  });

  it("can be turned off with a current code or the password, not without", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.admin.userId;
    await db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword("admin-password-1") } });
    const { secret, me } = await enrolled(userId);
    await expect(disableTotp(me, {})).rejects.toMatchObject({ code: "validation" });
    await expect(disableTotp(me, { password: "wrong-password" })).rejects.toMatchObject({ code: "validation" });
    at(plus(60_000));
    await disableTotp(me, { code: await codeAt(secret, plus(60_000)) });
    expect(await hasSecondFactor(userId)).toBe(false);
    expect(await db.recoveryCode.count({ where: { userId } })).toBe(0);
  });
});

describe("signing in with a second factor", () => {
  it("a pending session can do nothing until a right code; each code works once", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.owner.userId;
    const { secret } = await enrolled(userId);
    at(plus(5 * 60_000));
    const pending = await signedIn(userId, true);
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "second_factor_pending" });

    const who = { userId, sessionId: pending.id };
    await expect(confirmIdentity(who, { method: "totp", code: "123456" }, { allowPassword: false })).rejects.toMatchObject({ code: "validation" });
    // The password is no second factor.
    await expect(confirmIdentity(who, { method: "password", code: "x" }, { allowPassword: false })).rejects.toMatchObject({ code: "validation" });
    const code = await codeAt(secret, plus(5 * 60_000));
    expect(await confirmIdentity(who, { method: "totp", code }, { allowPassword: false })).toBe("totp");
    const resolved = await resolveMerchantActor();
    expect(resolved.ok && resolved.actor.verifiedAt).toEqual(plus(5 * 60_000));
    expect(await validateSession(pending.id)).toMatchObject({ secondFactorPending: false, verifiedBy: "totp" });

    // The same code again (a replay within its 30 s window) is refused, in another session too.
    const other = await signedIn(userId, true);
    await expect(confirmIdentity({ userId, sessionId: other.id }, { method: "totp", code }, { allowPassword: false })).rejects.toMatchObject({
      code: "validation",
    });
    // The next step's code works.
    at(plus(5 * 60_000 + 30_000));
    const next = await codeAt(secret, plus(5 * 60_000 + 30_000));
    expect(await confirmIdentity({ userId, sessionId: other.id }, { method: "totp", code: next }, { allowPassword: false })).toBe("totp");
  });

  it("throttles wrong codes: five per session in 15 minutes, even a right one is refused after", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.viewer.userId;
    const { secret } = await enrolled(userId);
    at(plus(60_000));
    const pending = await signedIn(userId, true);
    const who = { userId, sessionId: pending.id };
    for (let i = 0; i < 5; i++) {
      await expect(confirmIdentity(who, { method: "totp", code: "000000" }, { allowPassword: false })).rejects.toMatchObject({ code: "validation" });
    }
    const right = await codeAt(secret, plus(60_000));
    await expect(confirmIdentity(who, { method: "totp", code: right }, { allowPassword: false })).rejects.toMatchObject({ code: "rate_limited" });
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "second_factor_pending" });
  });

  it("a recovery code works once", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.developer.userId;
    const { recoveryCodes } = await enrolled(userId);
    const first = await signedIn(userId, true);
    expect(await confirmIdentity({ userId, sessionId: first.id }, { method: "recovery_code", code: recoveryCodes[3]!.toUpperCase() }, { allowPassword: false })).toBe(
      "recovery_code",
    );
    const second = await signedIn(userId, true);
    await expect(
      confirmIdentity({ userId, sessionId: second.id }, { method: "recovery_code", code: recoveryCodes[3]! }, { allowPassword: false }),
    ).rejects.toMatchObject({ code: "validation" });
    expect(await confirmIdentity({ userId, sessionId: second.id }, { method: "recovery_code", code: recoveryCodes[4]! }, { allowPassword: false })).toBe(
      "recovery_code",
    );
    expect((await stepUpOptions(userId)).recoveryCodes).toBe(true);
  });

  it("new recovery codes replace the old ones and need a recent confirmation", async () => {
    const { actors } = await makeMerchant();
    const userId = actors.admin.userId;
    const { recoveryCodes, me } = await enrolled(userId);
    at(plus(STEP_UP_WINDOW_MS + 1));
    const stale = { ...me, verifiedAt: T0 };
    await expect(regenerateRecoveryCodes(stale)).rejects.toMatchObject({ code: "step_up_required" });
    const fresh = await regenerateRecoveryCodes({ ...me, verifiedAt: plus(STEP_UP_WINDOW_MS) });
    expect(fresh.recoveryCodes).toHaveLength(10);
    const s = await signedIn(userId, true);
    await expect(confirmIdentity({ userId, sessionId: s.id }, { method: "recovery_code", code: recoveryCodes[0]! }, { allowPassword: false })).rejects.toMatchObject({
      code: "validation",
    });
  });
});

describe("step-up", () => {
  it("live keys: reveal, revoke need a confirmation within 10 minutes; test keys do not", async () => {
    const { actors } = await makeMerchant();
    const owner = actors.owner;
    // Signed in (and so confirmed) 20 minutes ago.
    at(plus(-20 * 60_000));
    const s = await signedIn(owner.userId);
    at(T0);
    let resolved = await resolveMerchantActor();
    if (!resolved.ok) throw new Error("not signed in");
    const live = await createApiKey(resolved.actor, { name: "Live", type: "secret", environment: "live" }, "reveal");
    const test = await createApiKey(resolved.actor, { name: "Test", type: "secret", environment: "test" }, "reveal");
    await expect(revealSecret(resolved.actor, live.key.id)).rejects.toMatchObject({ code: "step_up_required" });
    await expect(revokeApiKey(resolved.actor, live.key.id)).rejects.toMatchObject({ code: "step_up_required" });
    expect((await revealSecret(resolved.actor, test.key.id)).secret).toMatch(/^sk_test_/);

    // Without a second factor, the password is the confirmation.
    await db.user.update({ where: { id: owner.userId }, data: { passwordHash: await hashPassword("owner-password-1") } });
    const who = { userId: owner.userId, sessionId: s.id };
    await expect(confirmIdentity(who, { method: "password", code: "nope" }, { allowPassword: true })).rejects.toMatchObject({ code: "validation" });
    expect(await confirmIdentity(who, { method: "password", code: "owner-password-1" }, { allowPassword: true })).toBe("password");
    resolved = await resolveMerchantActor();
    if (!resolved.ok) throw new Error("not signed in");
    expect((await revealSecret(resolved.actor, live.key.id)).secret).toMatch(/^sk_live_/);

    at(plus(STEP_UP_WINDOW_MS + 1));
    resolved = await resolveMerchantActor();
    if (!resolved.ok) throw new Error("not signed in");
    await expect(inviteMember(resolved.actor, { email: "new@example.test", role: "viewer" })).rejects.toMatchObject({ code: "step_up_required" });
  });

  it("staff with a second factor need a recent confirmation to impersonate, besides the password", async () => {
    const { merchant } = await makeMerchant();
    const staff = await db.user.create({
      data: { id: newId("usr"), email: `${newId("usr").toLowerCase()}@keyward.test`, name: "Sam", passwordHash: await hashPassword("staff-password-1"), staffRole: "support" },
      select: { id: true, email: true, name: true, staffRole: true },
    });
    const input = { merchantId: merchant.id, reason: "Customer asked for help with a key", password: "staff-password-1" };
    // Without a second factor the re-entered password is the confirmation.
    await startImpersonation({ ...staff, verifiedAt: plus(-STEP_UP_WINDOW_MS - 1) }, input);
    await db.impersonationSession.updateMany({ where: { staffUserId: staff.id }, data: { endedAt: T0 } });
    await enrolled(staff.id);
    await expect(startImpersonation({ ...staff, verifiedAt: plus(-STEP_UP_WINDOW_MS - 1) }, input)).rejects.toMatchObject({ code: "step_up_required" });
    expect(await startImpersonation({ ...staff, verifiedAt: T0 }, input)).toMatchObject({ merchantId: merchant.id });
  });

  it("API keys are never asked", () => {
    expect(() =>
      requireRecentVerification({ kind: "api_key", keyId: "key_x", label: "k", merchantId: "mer_x", keyType: "secret", environment: "live", scopes: [] }),
    ).not.toThrow();
  });
});

describe("the merchant's second-factor requirement", () => {
  it("only an owner with a second factor turns it on; members without one must enrol first; audited", async () => {
    const { merchant, actors } = await makeMerchant();
    await expect(setRequireSecondFactor(actors.owner, { requireSecondFactor: true })).rejects.toMatchObject({ code: "conflict" });
    await enrolled(actors.owner.userId);
    await enrolled(actors.admin.userId);
    await expect(setRequireSecondFactor(actors.admin, { requireSecondFactor: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(setRequireSecondFactor({ ...actors.owner, verifiedAt: plus(-STEP_UP_WINDOW_MS - 1) }, { requireSecondFactor: true })).rejects.toMatchObject({
      code: "step_up_required",
    });
    expect(await setRequireSecondFactor(actors.owner, { requireSecondFactor: true })).toEqual({ requireSecondFactor: true });
    const event = await db.auditEvent.findFirstOrThrow({ where: { merchantId: merchant.id, action: "team.second_factor_requirement_changed" } });
    expect(JSON.parse(event.changes)).toEqual({ requireSecondFactor: [false, true] });

    await signedIn(actors.developer.userId);
    expect(await resolveMerchantActor()).toEqual({ ok: false, reason: "enrol_required" });
    await signedIn(actors.admin.userId);
    expect((await resolveMerchantActor()).ok).toBe(true);
  });
});
