"use server";

import { z } from "zod";
import type { ActionResult } from "@/lib/actions/merchant-action";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { currentSession } from "@/lib/auth/session";
import { confirmIdentity } from "@/lib/auth/verification";
import { isServiceError } from "@/lib/errors";

const inputSchema = z.object({ method: z.enum(["totp", "recovery_code"]), code: z.string().max(200) });

/** Finishes a sign-in that owes a second factor; answers where to go next. */
export async function verifySignInAction(input: unknown): Promise<ActionResult<{ redirectTo: string }>> {
  if (!(await assertSameOrigin())) return { ok: false, error: "Request refused: unknown origin", code: "forbidden" };
  const current = await currentSession();
  if (!current) return { ok: false, error: "Your sign-in has expired. Sign in again.", code: "unauthorized" };
  const home = current.user.staffRole ? "/support" : "/keys";
  if (!current.session.secondFactorPending) return { ok: true, data: { redirectTo: home } };
  const parsed = inputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, error: "Enter a code", code: "validation" };
  try {
    await confirmIdentity({ userId: current.user.id, sessionId: current.session.id }, parsed.data, { allowPassword: false });
    return { ok: true, data: { redirectTo: home } };
  } catch (err) {
    if (isServiceError(err)) return { ok: false, error: err.message, code: err.code };
    throw err;
  }
}
