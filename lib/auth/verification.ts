import "server-only";
import { db } from "@/lib/db";
import { ServiceError } from "@/lib/errors";
import { recoveryCodeSchema, totpCodeSchema } from "@/lib/validations/account";
import { verifyPassword } from "./password";
import { consumeRecoveryCode } from "./recovery-codes";
import { recordSecondFactorFailure, recordSecondFactorSuccess, secondFactorRetryAfter } from "./second-factor-throttle";
import { markVerified, type VerifiedBy } from "./sessions";
import { checkTotpCode, openTotpSecret } from "./totp";

/**
 * Confirming it's you: finishing a sign-in that owes a second factor, or a
 * step-up before a sensitive change. Both end in markVerified, which sets
 * the session's verifiedAt. Wrong answers are throttled per session and user.
 */

export type ConfirmInput = { method: "totp" | "recovery_code" | "password"; code: string };

type Who = { userId: string; sessionId: string };

function wrong(message: string): ServiceError {
  return new ServiceError("validation", message, { code: [message] });
}

async function guard(who: Who): Promise<void> {
  const wait = await secondFactorRetryAfter(who.userId, who.sessionId);
  if (wait > 0) throw new ServiceError("rate_limited", `Too many wrong attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
}

/** Checks one answer and, when right, records the session as verified by it. */
export async function confirmIdentity(who: Who, input: ConfirmInput, opts: { allowPassword: boolean }): Promise<VerifiedBy> {
  await guard(who);
  const user = await db.user.findUnique({
    where: { id: who.userId },
    select: { passwordHash: true, totpSecret: true, totpEnabledAt: true, _count: { select: { passkeys: true } } },
  });
  if (!user) throw new ServiceError("unauthorized", "Your session has ended. Sign in again.");
  let ok = false;
  let by: VerifiedBy;
  if (input.method === "totp") {
    const parsed = totpCodeSchema.safeParse(input.code);
    if (!parsed.success) throw wrong(parsed.error.issues[0]!.message);
    by = "totp";
    ok = Boolean(user.totpEnabledAt && user.totpSecret) && (await checkTotpCode(who.userId, openTotpSecret(who.userId, user.totpSecret!), parsed.data));
  } else if (input.method === "recovery_code") {
    const parsed = recoveryCodeSchema.safeParse(input.code);
    if (!parsed.success) throw wrong(parsed.error.issues[0]!.message);
    by = "recovery_code";
    ok = await consumeRecoveryCode(who.userId, parsed.data);
  } else {
    // A password proves nothing more than the sign-in did when a second factor exists.
    const hasFactor = Boolean(user.totpEnabledAt) || user._count.passkeys > 0;
    if (!opts.allowPassword || hasFactor) throw wrong("Use your authenticator app, a passkey or a recovery code");
    by = "password";
    ok = await verifyPassword(user.passwordHash, input.code);
  }
  if (!ok) {
    await recordSecondFactorFailure(who.userId, who.sessionId);
    throw wrong(by === "password" ? "Incorrect password" : by === "totp" ? "That code is not correct or was already used" : "That recovery code is not valid or was already used");
  }
  await recordSecondFactorSuccess(who.sessionId);
  await markVerified(who.sessionId, by);
  return by;
}
