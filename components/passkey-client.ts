"use client";

import { startAuthentication } from "@simplewebauthn/browser";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/browser";
import type { ActionResult } from "@/lib/actions/boundary";

type Outcome<T = object> = ({ ok: true } & T) | { ok: false; error: string };

/** The server actions a passkey answer goes through (the app passes its own). */
export type PasskeyActions = {
  options: () => Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>>;
  verify: (response: unknown) => Promise<ActionResult<{ redirectTo: string }>>;
};

/** Asks the browser for a passkey answer to this session's challenge and has the server check it. */
export async function answerWithPasskey(actions: PasskeyActions): Promise<Outcome<{ redirectTo: string }>> {
  const options = await actions.options();
  if (!options.ok) return { ok: false, error: options.error };
  let response: unknown;
  try {
    response = await startAuthentication({ optionsJSON: options.data });
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    return { ok: false, error: name === "NotAllowedError" ? "The passkey request was cancelled or timed out." : "This browser could not use a passkey." };
  }
  const verified = await actions.verify(response);
  return verified.ok ? { ok: true, redirectTo: verified.data.redirectTo } : { ok: false, error: verified.error };
}
