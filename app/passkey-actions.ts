"use server";

import { headers } from "next/headers";
import type { PublicKeyCredentialRequestOptionsJSON } from "@simplewebauthn/server";
import type { ActionResult } from "@/lib/actions/merchant-action";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { currentSession } from "@/lib/auth/session";
import { passkeyAuthenticationOptions, relyingParty, verifyPasskey } from "@/lib/auth/passkeys";
import { isServiceError } from "@/lib/errors";
import { errorFields, logger } from "@/lib/log/logger.mjs";

/**
 * Using a passkey, at /login/verify (a session still owing its second
 * factor) or in the step-up dialog: so these accept pending sessions.
 */
async function passkeyAction<T>(run: (who: { userId: string; sessionId: string; staff: boolean }, origin: string | null) => Promise<T>): Promise<ActionResult<T>> {
  if (!(await assertSameOrigin())) return { ok: false, error: "Request refused: unknown origin", code: "forbidden" };
  const current = await currentSession();
  if (!current) return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
  try {
    const who = { userId: current.user.id, sessionId: current.session.id, staff: Boolean(current.user.staffRole) };
    return { ok: true, data: await run(who, (await headers()).get("origin")) };
  } catch (err) {
    if (isServiceError(err)) return { ok: false, error: err.message, code: err.code };
    logger.error(errorFields(err), "passkey action failed");
    return { ok: false, error: "Something went wrong. Try again." };
  }
}

export async function passkeyOptionsAction(): Promise<ActionResult<PublicKeyCredentialRequestOptionsJSON>> {
  return passkeyAction((who, origin) => passkeyAuthenticationOptions(who, relyingParty(origin)));
}

export async function passkeyVerifyAction(response: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  return passkeyAction(async (who, origin) => {
    await verifyPasskey(who, relyingParty(origin), response);
    return { redirectTo: who.staff ? "/support" : "/keys" };
  });
}
