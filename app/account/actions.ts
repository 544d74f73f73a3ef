"use server";

import { headers } from "next/headers";
import { userAction } from "@/lib/actions/user-action";
import { passkeyRegistrationOptions, registerPasskey, relyingParty, removePasskey } from "@/lib/auth/passkeys";
import { changePassword, revokeOtherSessions, revokeSession } from "@/lib/auth/account";
import { saveEmailPreferences } from "@/lib/notifications/preferences";
import type { ChangePasswordInput, TotpCodeInput } from "@/lib/validations/account";
import type { EmailPreferencesInput } from "@/lib/validations/notification";
import { confirmTotpEnrolment, disableTotp, regenerateRecoveryCodes, startTotpEnrolment } from "@/lib/auth/totp-enrolment";

/** Thin actions on one's own account; lib/auth validates and decides. */

export async function changePasswordAction(input: ChangePasswordInput) {
  return userAction((user) => changePassword(user, input));
}

export async function revokeSessionAction(sessionId: string) {
  return userAction((user) => revokeSession(user, sessionId));
}

export async function revokeOtherSessionsAction() {
  return userAction(async (user) => ({ ended: await revokeOtherSessions(user) }));
}

export async function startTotpEnrolmentAction() {
  return userAction((user) => startTotpEnrolment(user));
}

export async function confirmTotpEnrolmentAction(code: TotpCodeInput) {
  return userAction((user) => confirmTotpEnrolment(user, code));
}

export async function disableTotpAction(input: { code?: TotpCodeInput; password?: string }) {
  return userAction((user) => disableTotp(user, input ?? {}));
}

export async function regenerateRecoveryCodesAction() {
  return userAction((user) => regenerateRecoveryCodes(user));
}

async function requestOrigin(): Promise<string | null> {
  // userAction has already checked that Origin is our own host.
  return (await headers()).get("origin");
}

export async function passkeyRegistrationOptionsAction() {
  return userAction(async (user) => passkeyRegistrationOptions(user, relyingParty(await requestOrigin())));
}

export async function registerPasskeyAction(input: { name: string; response: unknown }) {
  return userAction(async (user) => registerPasskey(user, relyingParty(await requestOrigin()), input));
}

export async function removePasskeyAction(id: string) {
  return userAction((user) => removePasskey(user, id));
}

export async function saveEmailPreferencesAction(input: EmailPreferencesInput) {
  return userAction(async (user) => ({ saved: Object.keys(await saveEmailPreferences(user, input)).length }));
}
