import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BellOff } from "lucide-react";
import { currentUser } from "@/lib/auth/session";
import { emailConfigured } from "@/lib/notifications/email";
import { EMAIL_EVENT_TYPES } from "@/lib/notifications/event-types";
import { listEmailPreferences } from "@/lib/notifications/preferences";
import { EmailPreferencesForm } from "./_components/email-preferences-form";

export const metadata: Metadata = { title: "Notifications" };

export default async function NotificationsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const memberships = await listEmailPreferences(user);
  const configured = emailConfigured();
  const catalog = EMAIL_EVENT_TYPES.map(({ type, label, scoped }) => ({ type, label, scoped }));
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold">Notifications</h1>
        <p className="mt-1 text-sm text-slate-600">
          Choose what Keyward emails you about, for each merchant you belong to. Emails go to {user.email}.
        </p>
      </div>
      {!configured && (
        <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          Email is not configured on this Keyward instance, so no email is sent. Your choices are saved and apply once an operator
          sets <code className="font-mono">SMTP_URL</code>.
        </p>
      )}
      {memberships.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
          <BellOff className="mx-auto h-8 w-8 text-slate-400" aria-hidden />
          <h2 className="mt-3 font-medium">Nothing to be notified about</h2>
          <p className="mt-1 text-sm text-slate-600">You are not a member of any merchant. Once you join one, choose its emails here.</p>
        </div>
      ) : (
        memberships.map((m) => (
          <EmailPreferencesForm
            key={m.membershipId}
            membershipId={m.membershipId}
            merchantName={m.merchantName}
            role={m.role}
            customized={m.customized}
            preferences={m.preferences}
            catalog={catalog}
          />
        ))
      )}
    </div>
  );
}
