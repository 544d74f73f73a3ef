import "server-only";
import { actionBoundary, type Resolver } from "@/lib/actions/boundary";
import { requestContext } from "@/lib/auth/request-context";
import { currentUser, type SignedInUser } from "@/lib/auth/session";
import { isSupportStaff } from "./service";

type Context = { ip: string | null; userAgent: string | null };

const resolveStaff: Resolver<{ staff: SignedInUser; context: Context }> = async () => {
  const user = await currentUser();
  if (!user) return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
  if (!isSupportStaff(user)) return { ok: false, error: "Only support staff can do this", code: "forbidden" };
  return { ok: true, caller: { staff: user, context: await requestContext() } };
};

const staffBoundary = actionBoundary(resolveStaff, "support action");

/**
 * The support console's counterpart of merchantAction: refuses foreign
 * origins, re-reads the user and requires the support role on every call
 * (merchant users are refused), and maps service failures to a typed result.
 */
export function staffAction<T>(run: (staff: SignedInUser, context: Context) => Promise<T>) {
  return staffBoundary(({ staff, context }) => run(staff, context));
}
