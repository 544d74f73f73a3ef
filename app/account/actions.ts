"use server";

import { userAction } from "@/lib/actions/user-action";
import { changePassword, revokeOtherSessions, revokeSession } from "@/lib/auth/account";

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
