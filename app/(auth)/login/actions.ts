"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { safeRedirectPath } from "@/lib/auth/redirect";

/** The email comes back with an error so the form can keep it (never the password). */
export type LoginState = { error?: string; email?: string };

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  if (!(await assertSameOrigin())) return { error: "Request refused: unknown origin." };
  const email = String(form.get("email") ?? "").slice(0, 254);
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password.", email };
  try {
    await signIn("credentials", { email, password, redirectTo: safeRedirectPath(form.get("next")) });
    return {};
  } catch (err) {
    // signIn redirects by throwing; only authentication failures are ours to answer.
    if (err instanceof AuthError) {
      if ((err as { code?: string }).code === "throttled") {
        return { error: "Too many failed sign-in attempts. Wait a few minutes and try again.", email };
      }
      return { error: "Incorrect email or password.", email };
    }
    throw err;
  }
}
