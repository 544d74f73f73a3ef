"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { MERCHANT_COOKIE, currentUser, merchantsOf } from "@/lib/auth/session";
import type { ActionResult } from "@/lib/actions/merchant-action";
import { userAction } from "@/lib/actions/user-action";
import { stepUpOptions } from "@/lib/auth/second-factor";
import { confirmIdentity } from "@/lib/auth/verification";
import { ServiceError } from "@/lib/errors";

export async function signOutAction(): Promise<void> {
  if (!(await assertSameOrigin())) return;
  // Ending the session also ends any impersonation it carried (its guard needs the session).
  const { endImpersonationOnSignOut } = await import("@/lib/impersonation/sign-out");
  await endImpersonationOnSignOut();
  await signOut({ redirectTo: "/login" });
}

/** Switches the active merchant, for users who belong to several. */
export async function switchMerchantAction(merchantId: string): Promise<{ ok: boolean }> {
  if (!(await assertSameOrigin())) return { ok: false };
  const parsed = z.string().max(64).safeParse(merchantId);
  const user = await currentUser();
  if (!parsed.success || !user) return { ok: false };
  const merchants = await merchantsOf(user.id);
  if (!merchants.some((m) => m.id === parsed.data)) return { ok: false };
  (await cookies()).set(MERCHANT_COOKIE, parsed.data, { httpOnly: true, sameSite: "lax", path: "/", secure: process.env.APP_URL?.startsWith("https:") ?? false });
  redirect("/keys");
}

export type StepUpOptions = { totp: boolean; passkey: boolean; recoveryCodes: boolean; password: boolean };

/** Which ways of confirming it's you this account has (for the "Confirm it's you" dialog). */
export async function stepUpOptionsAction(): Promise<ActionResult<StepUpOptions>> {
  return userAction((user) => stepUpOptions(user.id));
}

/** A step-up: a TOTP code, a recovery code, or (without a second factor) the password. */
export async function stepUpAction(input: { method: "totp" | "recovery_code" | "password"; code: string }): Promise<ActionResult<null>> {
  return userAction(async (user) => {
    const method = z.enum(["totp", "recovery_code", "password"]).safeParse(input?.method);
    if (!method.success) throw new ServiceError("validation", "Choose how to confirm it's you");
    await confirmIdentity({ userId: user.id, sessionId: user.sessionId }, { method: method.data, code: String(input?.code ?? "").slice(0, 200) }, { allowPassword: true });
    return null;
  });
}
