import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { ServiceError, conflict } from "@/lib/errors";
import { totpCodeSchema, type TotpCodeInput } from "@/lib/validations/account";
import { verifyPassword } from "./password";
import { replaceRecoveryCodes } from "./recovery-codes";
import { markVerified } from "./sessions";
import { requireRecentVerification } from "./step-up";
import { checkTotpCode, forgetTotpSteps, newTotpSecret, openTotpSecret, sealTotpSecret, totpProvisioning } from "./totp";

type Me = { id: string; email: string; sessionId: string; verifiedAt?: Date | null };

function wrongCode(message = "That code is not correct. Check your device's clock and try the current code."): ServiceError {
  return new ServiceError("validation", message, { code: [message] });
}

/**
 * Starts (or restarts) enrolment: a new secret is stored sealed but not yet
 * enabled; it takes effect only once a code from it is confirmed.
 */
export async function startTotpEnrolment(me: Me): Promise<{ secret: string; uri: string; qrDataUrl: string }> {
  // Adding a factor is as sensitive as using one: a borrowed session must not add its own.
  requireRecentVerification(me);
  const secret = newTotpSecret();
  const { count } = await db.user.updateMany({ where: { id: me.id, totpEnabledAt: null }, data: { totpSecret: sealTotpSecret(me.id, secret) } });
  if (count !== 1) throw conflict("An authenticator app is already set up. Turn it off first to replace it.");
  return { secret, ...(await totpProvisioning(secret, me.email)) };
}

/** Confirms enrolment with a code from the app; returns the new recovery codes, shown once. */
export async function confirmTotpEnrolment(me: Me, code: TotpCodeInput): Promise<{ recoveryCodes: string[] }> {
  const parsed = totpCodeSchema.safeParse(code);
  if (!parsed.success) throw wrongCode(parsed.error.issues[0]!.message);
  const user = await db.user.findUnique({ where: { id: me.id }, select: { totpSecret: true, totpEnabledAt: true } });
  if (!user?.totpSecret || user.totpEnabledAt) throw conflict("Start setting up an authenticator app first.");
  await forgetTotpSteps(me.id);
  if (!(await checkTotpCode(me.id, openTotpSecret(me.id, user.totpSecret), parsed.data))) throw wrongCode();
  const recoveryCodes = await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: me.id, totpSecret: user.totpSecret, totpEnabledAt: null },
      data: { totpEnabledAt: now() },
    });
    if (count !== 1) throw conflict("Setup changed in another window. Start again.");
    return replaceRecoveryCodes(me.id, tx);
  });
  await markVerified(me.sessionId, "totp");
  return { recoveryCodes };
}

/** Turns TOTP off after a current code or the password. Recovery codes go too when no passkey remains. */
export async function disableTotp(me: Me, input: { code?: TotpCodeInput; password?: string }): Promise<void> {
  const user = await db.user.findUnique({
    where: { id: me.id },
    select: { passwordHash: true, totpSecret: true, totpEnabledAt: true, _count: { select: { passkeys: true } } },
  });
  if (!user?.totpEnabledAt || !user.totpSecret) throw conflict("No authenticator app is set up.");
  let ok = false;
  if (typeof input.code === "string" && input.code.trim()) {
    const parsed = totpCodeSchema.safeParse(input.code);
    ok = parsed.success && (await checkTotpCode(me.id, openTotpSecret(me.id, user.totpSecret), parsed.data));
  } else if (typeof input.password === "string" && input.password) {
    ok = await verifyPassword(user.passwordHash, input.password);
  }
  if (!ok) throw new ServiceError("validation", "Enter a current code from the app or your password", { code: ["Not correct"] });
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: me.id }, data: { totpSecret: null, totpEnabledAt: null } });
    if (user._count.passkeys === 0) await tx.recoveryCode.deleteMany({ where: { userId: me.id } });
  });
  await forgetTotpSteps(me.id);
}

/** A fresh set of recovery codes (the old ones stop working); needs a recent confirmation. */
export async function regenerateRecoveryCodes(me: Me): Promise<{ recoveryCodes: string[] }> {
  requireRecentVerification(me);
  const user = await db.user.findUnique({ where: { id: me.id }, select: { totpEnabledAt: true, _count: { select: { passkeys: true } } } });
  if (!user || (!user.totpEnabledAt && user._count.passkeys === 0)) throw conflict("Set up a second factor first.");
  return { recoveryCodes: await replaceRecoveryCodes(me.id) };
}
