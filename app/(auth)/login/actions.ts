"use server";

import { AuthError } from "next-auth";
import { signIn } from "@/lib/auth";
import { assertSameOrigin } from "@/lib/auth/request-context";

export type LoginState = { error?: string };

export async function loginAction(_prev: LoginState, form: FormData): Promise<LoginState> {
  if (!(await assertSameOrigin())) return { error: "Request refused: unknown origin." };
  const email = String(form.get("email") ?? "");
  const password = String(form.get("password") ?? "");
  if (!email || !password) return { error: "Enter your email and password." };
  const next = String(form.get("next") ?? "");
  try {
    await signIn("credentials", { email, password, redirectTo: next.startsWith("/") && !next.startsWith("//") ? next : "/keys" });
    return {};
  } catch (err) {
    // signIn redirects by throwing; only authentication failures are ours to answer.
    if (err instanceof AuthError) {
      if ((err as { code?: string }).code === "throttled") {
        return { error: "Too many failed sign-in attempts. Wait a few minutes and try again." };
      }
      return { error: "Incorrect email or password." };
    }
    throw err;
  }
}
