import "server-only";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { currentUser, type SignedInUser } from "@/lib/auth/session";
import { isServiceError } from "@/lib/errors";
import type { ActionResult } from "./merchant-action";
import { errorFields, logger } from "@/lib/log/logger.mjs";

/**
 * The wrapper for actions on one's own account (password, sessions, second
 * factors): any signed-in user, merchant member or staff, no merchant needed.
 */
export async function userAction<T>(run: (user: SignedInUser) => Promise<T>): Promise<ActionResult<T>> {
  if (!(await assertSameOrigin())) return { ok: false, error: "Request refused: unknown origin", code: "forbidden" };
  const user = await currentUser();
  if (!user) return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
  try {
    return { ok: true, data: await run(user) };
  } catch (err) {
    if (isServiceError(err)) return { ok: false, error: err.message, fieldErrors: err.fieldErrors, code: err.code };
    logger.error(errorFields(err), "account action failed");
    return { ok: false, error: "Something went wrong. Nothing was changed; try again." };
  }
}
