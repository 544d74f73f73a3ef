"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import { passkeyOptionsAction, passkeyVerifyAction } from "@/app/passkey-actions";

type Outcome<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Asks the browser for a passkey answer to this session's challenge and has the server check it. */
async function answerWithPasskey(): Promise<Outcome<{ redirectTo: string }>> {
  const options = await passkeyOptionsAction();
  if (!options.ok) return { ok: false, error: options.error };
  let response: unknown;
  try {
    response = await startAuthentication({ optionsJSON: options.data });
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    return { ok: false, error: name === "NotAllowedError" ? "The passkey request was cancelled or timed out." : "This browser could not use a passkey." };
  }
  const verified = await passkeyVerifyAction(response);
  return verified.ok ? { ok: true, redirectTo: verified.data.redirectTo } : { ok: false, error: verified.error };
}

export async function passkeyStepUp(): Promise<Outcome> {
  const r = await answerWithPasskey();
  return r.ok ? { ok: true } : r;
}

export const passkeySignIn = answerWithPasskey;
