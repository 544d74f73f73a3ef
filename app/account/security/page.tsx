import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { currentUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./_components/change-password-form";
import { listPasskeys } from "@/lib/auth/passkeys";
import { PasskeysSection } from "./_components/passkeys-section";
import { RecoveryCodesSection } from "./_components/recovery-codes-section";
import { TotpSection } from "./_components/totp-section";

export const metadata: Metadata = { title: "Security" };

const slug = (s: string) => `section-${s.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={slug(title)} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id={slug(title)} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export default async function SecurityPage({ searchParams }: { searchParams: Promise<{ required?: string }> }) {
  const user = await currentUser();
  if (!user) redirect("/login");
  const { required } = await searchParams;
  const me = await db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { totpEnabledAt: true, _count: { select: { passkeys: true, recoveryCodes: { where: { usedAt: null } } } } },
  });
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Security</h1>
      {required === "1" && !user.hasSecondFactor && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Your merchant requires a second factor. Set up an authenticator app or a passkey to continue to the dashboard.
        </p>
      )}
      <Section
        title="Authenticator app"
        description="A second factor: after your password, sign-in asks for a 6-digit code from an app such as 1Password, Google Authenticator or Authy."
      >
        <TotpSection enabledAt={me.totpEnabledAt?.toISOString() ?? null} />
      </Section>
      <Section title="Passkeys" description="A second factor that uses your device's screen lock or a security key instead of a code.">
        <PasskeysSection
          passkeys={(await listPasskeys(user.id)).map((p) => ({
            id: p.id,
            name: p.name,
            createdAt: p.createdAt.toISOString(),
            lastUsedAt: p.lastUsedAt?.toISOString() ?? null,
          }))}
        />
      </Section>
      {user.hasSecondFactor && (
        <Section title="Recovery codes" description="For when you cannot use your authenticator app or passkey.">
          <RecoveryCodesSection remaining={me._count.recoveryCodes} />
        </Section>
      )}
      <Section title="Password">
        <ChangePasswordForm />
      </Section>
    </div>
  );
}
