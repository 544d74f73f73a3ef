import type { Actor } from "@/lib/auth/actor";
import { isImpersonating } from "@/lib/auth/actor";

/** The one line the webhooks pages show where they hide controls, or null. */
export function webhookNotice(actor: Actor): string | null {
  if (isImpersonating(actor)) return "Support access: you can see endpoints and their deliveries, but not change them.";
  if (actor.kind !== "user") return null;
  if (actor.role === "owner" || actor.role === "admin") return null;
  if (actor.role === "developer") return "Developers manage test endpoints; an owner or admin manages live ones.";
  return `Your role (${actor.role}) can view endpoints; an owner or admin can add and change them.`;
}
