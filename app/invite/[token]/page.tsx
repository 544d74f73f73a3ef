import type { Metadata } from "next";
import Link from "next/link";
import { SignOutButton } from "@/app/_components/sign-out-button";
import { currentUser } from "@/lib/auth/session";
import { lookupInvite, refusalFor } from "@/lib/team/invites";
import { AcceptAsUserForm, NewUserForm } from "./invite-forms";

// The token is in the URL: never send it to other sites as a Referer.
export const metadata: Metadata = { title: "Join a team", referrer: "no-referrer" };

function Card({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-lg bg-white p-8 shadow-sm ring-1 ring-slate-200">
        <p className="text-sm font-semibold tracking-wide text-indigo-600">Keyward</p>
        <h1 className="mt-1 text-xl font-semibold">{title}</h1>
        <div className="mt-4 space-y-4 text-sm text-slate-700">{children}</div>
      </div>
    </main>
  );
}

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const [invite, user] = await Promise.all([lookupInvite(token), currentUser()]);

  if (!invite) {
    return (
      <Card title="Invite not valid">
        <p role="alert">This invite link is not valid. Check that you copied all of it, or ask for a new one.</p>
      </Card>
    );
  }
  const refusal = refusalFor(invite.status);
  if (refusal) {
    return (
      <Card title="Invite cannot be used">
        <p role="alert">{refusal}</p>
        <Link href="/login" className="text-indigo-700 underline">
          Go to sign in
        </Link>
      </Card>
    );
  }

  const what = (
    <p>
      You are invited to join <strong>{invite.merchantName}</strong> as{" "}
      <strong>{invite.role === "admin" || invite.role === "owner" ? "an" : "a"} {invite.role}</strong>. The invite is for{" "}
      <strong>{invite.email}</strong>.
    </p>
  );

  if (user) {
    if (user.staffRole) {
      return (
        <Card title={`Join ${invite.merchantName}`}>
          {what}
          <p role="alert">Keyward staff accounts cannot join a merchant. Sign out to accept with another account.</p>
          <SignOutButton />
        </Card>
      );
    }
    if (user.email !== invite.email) {
      return (
        <Card title={`Join ${invite.merchantName}`}>
          {what}
          <p role="alert">
            You are signed in as {user.email}. Sign out, then open this link again to accept as {invite.email}.
          </p>
          <SignOutButton />
        </Card>
      );
    }
    return (
      <Card title={`Join ${invite.merchantName}`}>
        {what}
        <AcceptAsUserForm token={token} />
      </Card>
    );
  }

  if (invite.accountExists) {
    return (
      <Card title={`Join ${invite.merchantName}`}>
        {what}
        <p>You already have a Keyward account. Sign in as {invite.email} to accept.</p>
        <Link
          href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}
          className="inline-flex h-9 items-center rounded-md bg-indigo-600 px-3.5 font-medium text-white hover:bg-indigo-700"
        >
          Sign in to accept
        </Link>
      </Card>
    );
  }

  return (
    <Card title={`Join ${invite.merchantName}`}>
      {what}
      <p>Choose your name and a password to create your account.</p>
      <NewUserForm token={token} email={invite.email} />
    </Card>
  );
}
