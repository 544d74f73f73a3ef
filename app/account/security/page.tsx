import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { ChangePasswordForm } from "./_components/change-password-form";

export const metadata: Metadata = { title: "Security" };

function Section({ title, description, children }: { title: string; description?: string; children: React.ReactNode }) {
  return (
    <section aria-labelledby={title} className="rounded-lg bg-white p-6 shadow-sm ring-1 ring-slate-200">
      <h2 id={title} className="text-base font-semibold text-slate-900">
        {title}
      </h2>
      {description && <p className="mt-1 text-sm text-slate-600">{description}</p>}
      <div className="mt-4">{children}</div>
    </section>
  );
}

export default async function SecurityPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  return (
    <div className="space-y-6">
      <h1 className="text-xl font-semibold">Security</h1>
      <Section title="Password">
        <ChangePasswordForm />
      </Section>
    </div>
  );
}
