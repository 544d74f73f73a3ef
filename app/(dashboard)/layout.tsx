import Link from "next/link";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { MerchantSwitcher } from "@/app/_components/merchant-switcher";
import { ImpersonationBanner } from "@/components/impersonation-banner";
import { DashboardNav } from "@/components/dashboard-nav";
import { requireMerchantActor } from "@/lib/auth/session";
import { endImpersonationAction } from "@/app/(support)/support/actions";

export default async function DashboardLayout({ children }: { children: React.ReactNode }) {
  const { actor, user, merchants } = await requireMerchantActor();
  return (
    <div className="min-h-screen">
      {actor.impersonation && (
        <ImpersonationBanner
          merchantName={merchants[0]?.name ?? ""}
          staffLabel={actor.impersonation.staffLabel}
          expiresAt={actor.impersonation.expiresAt.toISOString()}
          endAction={endImpersonationAction}
        />
      )}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex min-h-14 max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
          <Link href="/keys" className="font-semibold text-indigo-700">
            Keyward
          </Link>
          <MerchantSwitcher merchants={merchants} activeId={actor.merchantId} disabled={Boolean(actor.impersonation)} />
          <DashboardNav
            account={
              <>
                <span className="break-all">
                  {user.email}
                  {!actor.impersonation && <span className="ml-1 text-slate-500">({actor.role})</span>}
                </span>
                <Link href="/account/security" className="rounded-md px-2 py-1 font-medium text-slate-700 hover:bg-slate-100">
                  Account
                </Link>
                <SignOutButton />
              </>
            }
          />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
