import "server-only";
import type { UserActor } from "@/lib/auth/actor";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { resolveMerchantActor } from "@/lib/auth/session";
import { isServiceError, type FieldErrors } from "@/lib/errors";
import { errorFields, logger } from "@/lib/log/logger.mjs";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors; code?: string };

/**
 * The wrapper every dashboard server action goes through: it refuses foreign
 * origins, resolves the actor from the session itself, and turns expected
 * service failures into a typed result. Unexpected errors are logged without
 * details and answered generically.
 */
export async function merchantAction<T>(run: (actor: UserActor) => Promise<T>): Promise<ActionResult<T>> {
  if (!(await assertSameOrigin())) return { ok: false, error: "Request refused: unknown origin", code: "forbidden" };
  const resolved = await resolveMerchantActor();
  if (!resolved.ok) {
    if (resolved.reason === "enrol_required") return { ok: false, error: "Set up a second factor before continuing.", code: "forbidden" };
    return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
  }
  try {
    return { ok: true, data: await run(resolved.actor) };
  } catch (err) {
    if (isServiceError(err)) return { ok: false, error: err.message, fieldErrors: err.fieldErrors, code: err.code };
    logger.error(errorFields(err), "server action failed");
    return { ok: false, error: "Something went wrong. Nothing was changed; try again." };
  }
}
