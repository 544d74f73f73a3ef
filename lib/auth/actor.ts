import type { Environment, KeyType } from "@/lib/api-keys/format";
import type { Role } from "@/lib/permissions";

/** Support staff acting inside a merchant's account. */
export type Impersonation = {
  id: string;
  staffUserId: string;
  staffLabel: string;
  reason: string;
  expiresAt: Date;
};

type RequestContext = { ip?: string | null; userAgent?: string | null };

/** A signed-in member of a merchant (or staff impersonating one). */
export type UserActor = RequestContext & {
  kind: "user";
  userId: string;
  label: string;
  merchantId: string;
  role: Role;
  impersonation?: Impersonation;
  /** The server-side session acting, and when it last confirmed the password or a second factor (step-up). */
  sessionId?: string;
  verifiedAt?: Date | null;
};

/** A script authenticated by one of the merchant's API keys. */
export type ApiKeyActor = RequestContext & {
  kind: "api_key";
  keyId: string;
  label: string;
  merchantId: string;
  keyType: KeyType;
  environment: Environment;
  scopes: string[];
};

/** Who acts, for which merchant: the one input every service function checks. */
export type Actor = UserActor | ApiKeyActor;

export function isImpersonating(actor: Actor): actor is UserActor & { impersonation: Impersonation } {
  return actor.kind === "user" && actor.impersonation !== undefined;
}

/** How an actor is named on the rows it creates ("created by"). */
export function actorLabel(actor: Actor): string {
  if (actor.kind === "api_key") return `API key ${actor.label}`;
  return actor.impersonation ? `${actor.impersonation.staffLabel} (support)` : actor.label;
}
