import "server-only";
import type { ActionResult } from "@/lib/actions/merchant-action";
import { assertSameOrigin, requestContext } from "@/lib/auth/request-context";
import { currentUser, type SignedInUser } from "@/lib/auth/session";
import { isServiceError } from "@/lib/errors";
import { isSupportStaff } from "./service";
import { errorFields, logger } from "@/lib/log/logger.mjs";

type Context = { ip: string | null; userAgent: string | null };

/**
 * The support console's counterpart of merchantAction: refuses foreign
 * origins, re-reads the user and requires the support role on every call
 * (merchant users are refused), and maps service failures to a typed result.
 */
export async function staffAction<T>(run: (staff: SignedInUser, context: Context) => Promise<T>): Promise<ActionResult<T>> {
  if (!(await assertSameOrigin())) return { ok: false, error: "Request refused: unknown origin", code: "forbidden" };
  const user = await currentUser();
  if (!user) return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
  if (!isSupportStaff(user)) return { ok: false, error: "Only support staff can do this", code: "forbidden" };
  try {
    return { ok: true, data: await run(user, await requestContext()) };
  } catch (err) {
    if (isServiceError(err)) return { ok: false, error: err.message, fieldErrors: err.fieldErrors, code: err.code };
    logger.error(errorFields(err), "support action failed");
    return { ok: false, error: "Something went wrong. Nothing was changed; try again." };
  }
}
