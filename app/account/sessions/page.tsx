import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";
import { listActiveSessions } from "@/lib/auth/sessions";
import { SessionsList } from "./_components/sessions-list";

export const metadata: Metadata = { title: "Sessions" };

export default async function SessionsPage() {
  const user = await currentUser();
  if (!user) redirect("/login");
  const sessions = await listActiveSessions(user.id, user.sessionId);
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-xl font-semibold">Sessions</h1>
        <p className="mt-1 text-sm text-slate-600">
          Where you are signed in. End a session you do not recognise, then change your password.
        </p>
      </div>
      <SessionsList
        sessions={sessions.map((s) => ({ ...s, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString() }))}
      />
    </div>
  );
}
