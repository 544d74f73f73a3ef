import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { ServiceError, notFound, zodFieldErrors } from "@/lib/errors";
import { changePasswordSchema, sessionIdSchema, type ChangePasswordInput } from "@/lib/validations/account";
import { hashPassword, verifyPassword } from "./password";
import { recordSecondFactorFailure, secondFactorRetryAfter } from "./second-factor-throttle";
import { endUserSessions } from "./sessions";

type Me = { id: string; sessionId: string };

/**
 * Changes the password after checking the current one. Every other session
 * of the user ends: whoever knew the old password is signed out everywhere.
 */
export async function changePassword(me: Me, input: ChangePasswordInput): Promise<{ sessionsEnded: number }> {
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(parsed.error.issues));
  const user = await db.user.findUnique({ where: { id: me.id }, select: { passwordHash: true } });
  if (!user) throw notFound("No such user");
  // The same budget as other guesses from a session: a borrowed session cannot try passwords at leisure.
  const wait = await secondFactorRetryAfter(me.id, me.sessionId);
  if (wait > 0) throw new ServiceError("rate_limited", `Too many wrong attempts. Try again in ${Math.ceil(wait / 60)} minute(s).`);
  if (!(await verifyPassword(user.passwordHash, parsed.data.currentPassword))) {
    await recordSecondFactorFailure(me.id, me.sessionId);
    throw new ServiceError("validation", "Your current password is not correct", { currentPassword: ["Your current password is not correct"] });
  }
  const passwordHash = await hashPassword(parsed.data.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: me.id }, data: { passwordHash, passwordChangedAt: now() } });
    return { sessionsEnded: await endUserSessions(me.id, "password_changed", me.sessionId, tx) };
  });
}

/** Ends one of the user's own sessions (a foreign id is simply not found). */
export async function revokeSession(me: Me, sessionId: string): Promise<void> {
  const parsed = sessionIdSchema.safeParse(sessionId);
  if (!parsed.success) throw notFound("No such session");
  const { count } = await db.userSession.updateMany({
    where: { id: parsed.data, userId: me.id, endedAt: null },
    data: { endedAt: now(), endReason: "revoked" },
  });
  if (count !== 1) throw notFound("No such session");
}

export async function revokeOtherSessions(me: Me): Promise<number> {
  return endUserSessions(me.id, "revoked", me.sessionId);
}
