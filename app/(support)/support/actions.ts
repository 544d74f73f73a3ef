"use server";

import { redirect } from "next/navigation";
import type { FieldErrors } from "@/lib/errors";
import { assertSameOrigin, requestContext } from "@/lib/auth/request-context";
import { currentUser } from "@/lib/auth/session";
import { staffAction } from "@/lib/impersonation/staff-action";
import { endImpersonation, startImpersonation } from "@/lib/impersonation/service";
import { reissueSession } from "@/lib/impersonation/session-token";
import { startImpersonationSchema } from "@/lib/validations/impersonation";
import { parseInput } from "@/lib/validations/parse";

export type StartImpersonationState = { error?: string; fieldErrors?: FieldErrors; code?: string };

function text(form: FormData, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" ? v : undefined;
}

/** Starts impersonating after password re-entry; the service checks the role, password, reason and nesting. */
export async function startImpersonationAction(
  _prev: StartImpersonationState,
  form: FormData,
): Promise<StartImpersonationState> {
  const result = await staffAction((staff, context) => {
    // The form's fields are checked first, by the same schema the service applies again.
    const input = parseInput(startImpersonationSchema, {
      merchantId: text(form, "merchantId"),
      reason: text(form, "reason"),
      ticketRef: text(form, "ticketRef"),
      password: text(form, "password"),
    });
    return startImpersonation(staff, { ...input, ticketRef: input.ticketRef ?? undefined }, context);
  });
  if (!result.ok) return { error: result.error, fieldErrors: result.fieldErrors, code: result.code };
  await reissueSession(result.data.id);
  redirect("/keys");
}

/** Ends the staff member's impersonation (from the banner or the console) and returns to the console. */
export async function endImpersonationAction(): Promise<void> {
  if (!(await assertSameOrigin())) return;
  const user = await currentUser();
  if (!user) redirect("/login");
  // No support role needed: someone whose role was just removed may still end theirs.
  if (user.staffRole) await endImpersonation(user.id, "staff", await requestContext());
  if (user.impersonationId) await reissueSession(null);
  redirect(user.staffRole ? "/support" : "/keys");
}
