"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signIn } from "@/lib/auth";
import { assertSameOrigin, requestContext } from "@/lib/auth/request-context";
import { MERCHANT_COOKIE, currentUser } from "@/lib/auth/session";
import { isServiceError, type FieldErrors } from "@/lib/errors";
import { acceptInviteAsNewUser, acceptInviteAsUser } from "@/lib/team/invites";
import { errorFields, logger } from "@/lib/log/logger.mjs";
import { acceptInviteNewUserSchema } from "@/lib/validations/team";
import { parseInput } from "@/lib/validations/parse";

export type AcceptInviteState = { error?: string; fieldErrors?: FieldErrors };

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
}

async function openMerchant(merchantId: string) {
  (await cookies()).set(MERCHANT_COOKIE, merchantId, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.APP_URL?.startsWith("https:") ?? false,
  });
}

function failure(err: unknown): AcceptInviteState {
  if (isServiceError(err)) return { error: err.message, fieldErrors: err.fieldErrors };
  logger.error(errorFields(err), "accepting an invite failed");
  return { error: "Something went wrong. Nothing was changed; try again." };
}

/** A new person sets their name and password; the account, membership and audit event are created together. */
export async function acceptAsNewUserAction(_prev: AcceptInviteState, form: FormData): Promise<AcceptInviteState> {
  if (!(await assertSameOrigin())) return { error: "Request refused: unknown origin." };
  const password = text(form, "password");
  let joined: { email: string; merchantId: string };
  try {
    // The form's fields are checked first, by the same schema the service applies again.
    const input = parseInput(acceptInviteNewUserSchema, {
      token: text(form, "token"),
      name: text(form, "name"),
      password,
      confirmPassword: text(form, "confirmPassword"),
    });
    joined = await acceptInviteAsNewUser(input, await requestContext());
  } catch (err) {
    return failure(err);
  }
  await openMerchant(joined.merchantId);
  // Signs in with the password just set; signIn redirects by throwing.
  await signIn("credentials", { email: joined.email, password, redirectTo: "/keys" });
  return {};
}

/** A signed-in user accepts an invite addressed to their email. */
export async function acceptAsUserAction(_prev: AcceptInviteState, form: FormData): Promise<AcceptInviteState> {
  if (!(await assertSameOrigin())) return { error: "Request refused: unknown origin." };
  const user = await currentUser();
  if (!user) return { error: "Your session has ended. Sign in again." };
  let merchantId: string;
  try {
    ({ merchantId } = await acceptInviteAsUser(user, text(form, "token") ?? "", await requestContext()));
  } catch (err) {
    return failure(err);
  }
  await openMerchant(merchantId);
  redirect("/keys");
}
