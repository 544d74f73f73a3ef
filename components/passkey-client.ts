"use client";

type Outcome = { ok: true } | { ok: false; error: string };

/** Passkey step-up (filled in with WebAuthn support). */
export async function passkeyStepUp(): Promise<Outcome> {
  return { ok: false, error: "Passkeys are not available yet" };
}

export async function passkeySignIn(): Promise<{ ok: true; redirectTo: string } | { ok: false; error: string }> {
  return { ok: false, error: "Passkeys are not available yet" };
}
