import "server-only";
import type { UserActor } from "@/lib/auth/actor";
import { resolveMerchantActor } from "@/lib/auth/session";
import { actionBoundary, routeBoundary, type Resolver } from "./boundary";

export type { ActionResult } from "./boundary";

/** A merchant member (or impersonating staff) acting in the session's merchant, resolved from the session itself. */
export const resolveMerchant: Resolver<UserActor> = async () => {
  const resolved = await resolveMerchantActor();
  if (resolved.ok) return { ok: true, caller: resolved.actor };
  if (resolved.reason === "enrol_required") return { ok: false, error: "Set up a second factor before continuing.", code: "forbidden" };
  return { ok: false, error: "Your session has ended. Sign in again.", code: "unauthorized" };
};

/** The wrapper every dashboard server action goes through (see actionBoundary). */
export const merchantAction = actionBoundary(resolveMerchant, "server action");

/** The wrapper for dashboard route handlers that read for the signed-in merchant. */
export const merchantRoute = routeBoundary(resolveMerchant);
