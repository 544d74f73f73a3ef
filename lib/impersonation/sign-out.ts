import "server-only";
import { currentUser } from "@/lib/auth/session";
import { requestContext } from "@/lib/auth/request-context";
import { endImpersonation } from "./service";

/** Ends the caller's active impersonation, if any, when they sign out. */
export async function endImpersonationOnSignOut(): Promise<void> {
  const user = await currentUser();
  if (!user?.staffRole) return;
  await endImpersonation(user.id, "sign_out", await requestContext());
}
