import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { currentSession } from "@/lib/auth/session";
import { stepUpOptions } from "@/lib/auth/second-factor";
import { VerifyForm } from "./verify-form";

export const metadata: Metadata = { title: "Confirm your sign-in" };

/** The one page a session that still owes its second factor may use. */
export default async function VerifyPage() {
  const current = await currentSession();
  if (!current) redirect("/login");
  if (!current.session.secondFactorPending) redirect(current.user.staffRole ? "/support" : "/keys");
  const options = await stepUpOptions(current.user.id);
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-semibold tracking-wide text-indigo-600">Keyward</p>
        <h1 className="mt-1 text-xl font-semibold">Confirm it&apos;s you</h1>
        <p className="mt-1 text-sm text-slate-600">
          Signing in as <strong>{current.user.email}</strong>. Finish with your second factor.
        </p>
        <div className="mt-6">
          <VerifyForm options={{ ...options, password: false }} />
        </div>
        <div className="mt-6 flex items-center justify-between border-t border-slate-100 pt-4 text-sm text-slate-600">
          <span>Not you?</span>
          <SignOutButton />
        </div>
      </div>
    </main>
  );
}
