import "server-only";
import { currentUser, type SignedInUser } from "@/lib/auth/session";
import { actionBoundary, type Resolver } from "./boundary";

const resolveUser: Resolver<SignedInUser> = async () => {
  const user = await currentUser();
  return user ? { ok: true, caller: user } : { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
};

/**
 * The wrapper for actions on one's own account (password, sessions, second
 * factors): any signed-in user, merchant member or staff, no merchant needed.
 */
export const userAction = actionBoundary(resolveUser, "account action");
