import Link from "next/link";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { currentUser } from "@/lib/auth/session";

/** Chrome of the support console. Each page checks the staff user itself. */
export default async function SupportLayout({ children }: { children: React.ReactNode }) {
  const user = await currentUser();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-slate-900 text-slate-100">
        <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link href="/support" className="font-semibold">
            Keyward <span className="font-normal text-slate-400">Support</span>
          </Link>
          {user && (
            <div className="ml-auto flex items-center gap-3 text-sm text-slate-300">
              <span className="hidden sm:inline">{user.email}</span>
              <Link href="/account/security" className="rounded-md px-2 py-1 font-medium text-slate-100 hover:bg-slate-800">
                Account
              </Link>
              <div className="[&_button]:text-slate-100 [&_button:hover]:bg-slate-800">
                <SignOutButton />
              </div>
            </div>
          )}
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
