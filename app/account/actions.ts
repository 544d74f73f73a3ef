"use server";

import { userAction } from "@/lib/actions/user-action";
import { changePassword, revokeOtherSessions, revokeSession } from "@/lib/auth/account";
import { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment } from "@/lib/auth/totp-enrolment";

/** Thin actions on one's own account; lib/auth validates and decides. */

export async function changePasswordAction(input: unknown) {
  return userAction((user) => changePassword(user, input));
}

export async function revokeSessionAction(sessionId: unknown) {
  return userAction((user) => revokeSession(user, sessionId));
}

export async function revokeOtherSessionsAction() {
  return userAction(async (user) => ({ ended: await revokeOtherSessions(user) }));
}

export async function startTotpEnrolmentAction() {
  return userAction((user) => startTotpEnrolment(user));
}

export async function confirmTotpEnrolmentAction(code: unknown) {
  return userAction((user) => confirmTotpEnrolment(user, code));
}

export async function disableTotpAction(input: { code?: unknown; password?: unknown }) {
  return userAction((user) => disableTotp(user, input ?? {}));
}

export async function regenerateRecoveryCodesAction() {
  return userAction((user) => regenerateRecoveryCodes(user));
}
