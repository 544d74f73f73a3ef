import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { AccountNav } from "@/components/account-nav";
import { currentSession } from "@/lib/auth/session";

export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const current = await currentSession();
  if (!current) redirect("/login");
  if (current.session.secondFactorPending) redirect("/login/verify");
  const { user } = current;
  const home = user.staffRole && !user.impersonationId ? "/support" : "/keys";
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex min-h-14 max-w-4xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2">
          <Link href={home} className="font-semibold text-indigo-700">
            Keyward
          </Link>
          <AccountNav />
          <div className="ml-auto flex items-center gap-3 text-sm text-slate-600">
            <span className="hidden sm:inline">{user.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8">
        <Link href={home} className="text-sm text-indigo-700 hover:underline">
          ← Back to {user.staffRole && !user.impersonationId ? "the support console" : "the dashboard"}
        </Link>
        <div className="mt-4">{children}</div>
      </main>
    </div>
  );
}
