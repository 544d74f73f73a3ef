"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { signOut } from "@/lib/auth";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { MERCHANT_COOKIE, currentUser, merchantsOf } from "@/lib/auth/session";

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
