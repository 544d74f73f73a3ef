import type { Actor } from "@/lib/auth/actor";
import { canManageKeys, hasScope, type Access, type Resource } from "@/lib/permissions";
import { asEnvironment, asKeyType, type Environment, type KeyType } from "./kinds";
import { decodePermissions } from "./json-columns";

/**
 * Who may do what to which key: the one decision every path (dashboard
 * actions, REST API, CLI, refresh tokens) reaches through the key services.
 *
 * The rule: nothing may create, edit, roll or reveal a key into holding more
 * than the actor holds.
 * - Members hold what their role manages: owners and admins every key,
 *   developers test keys, viewers none. Impersonating staff may only read,
 *   revoke and relabel. A pending secret is revealed only to the member who
 *   created or rolled the key.
 * - An API key needs api_keys:read to read and api_keys:write for anything
 *   else, in its own environment, and never reveals. Beyond that, it may only
 *   create, edit (even labels) or roll a key whose permissions, before and
 *   after, it holds itself; a restricted key never touches a secret key, even
 *   one holding every scope, because a secret key's power is not a list of
 *   scopes but "everything, including scopes added later". A publishable key
 *   holds only the browser-safe scopes, so a restricted key holding those may
 *   create, relabel and roll publishable keys.
 * - Revoking grants nothing, but revoking a stronger key is a lever to take
 *   a merchant's production traffic down: a key may always revoke itself,
 *   and otherwise only keys it could edit (never a secret key from a
 *   restricted one, never a key holding scopes it lacks).
 * - A refresh token rotates exactly the key it was issued for, into a
 *   successor with the same permissions.
 */
export type KeyOperation = "read" | "create" | "edit" | "edit_label" | "roll" | "revoke" | "reveal" | "refresh";

/** The key acted on, as it is (or, for create, as it would be). */
export type KeyTarget = {
  id?: string;
  type: KeyType;
  environment: Environment;
  /** The scopes the key holds (effective scopes: all of them for secret keys). */
  permissions: readonly string[];
  /** The member who created or last rolled the key, for reveals. */
  createdByUserId?: string | null;
};

/** What an edit would change the key into. */
export type KeyChange = { permissions?: readonly string[] };

export type KeyDecision = { allowed: true } | { allowed: false; reason: string };

const ALLOW: KeyDecision = { allowed: true };
const refuse = (reason: string): KeyDecision => ({ allowed: false, reason });

/** Impersonating staff may look, revoke (incident response) and relabel; nothing that touches a secret. */
const IMPERSONATION_ALLOWED: ReadonlySet<KeyOperation> = new Set(["read", "revoke", "edit_label"]);

/** Operations an API key may only do to keys no stronger than itself. */
const BOUNDED_OPERATIONS: ReadonlySet<KeyOperation> = new Set(["create", "edit", "edit_label", "roll", "revoke"]);

function requiredAccess(op: KeyOperation): Access {
  return op === "read" ? "read" : "write";
}

/**
 * The part of the decision that needs no key: may this actor do this kind of
 * operation in this environment at all? Pages use it to decide which buttons
 * to show; services always call decideKeyOperation with the key.
 */
export function canDoKeyOperation(actor: Actor, op: KeyOperation, environment: Environment): boolean {
  return decideInEnvironment(actor, op, environment).allowed;
}

export function decideInEnvironment(actor: Actor, op: KeyOperation, environment: Environment): KeyDecision {
  if (actor.kind === "api_key") {
    if (op === "reveal") return refuse("API keys cannot reveal secrets");
    if (actor.environment !== environment) return refuse(`This API key can only manage ${actor.environment} keys`);
    if (op === "refresh") return ALLOW;
    const access = requiredAccess(op);
    if (!hasScope(actor.scopes, "api_keys" satisfies Resource, access)) {
      return refuse(`This API key lacks the api_keys:${access} permission for this operation`);
    }
    return ALLOW;
  }
  if (op === "refresh") return refuse("Only a refresh token can refresh a key");
  if (actor.impersonation && !IMPERSONATION_ALLOWED.has(op)) {
    return refuse("Support staff cannot do this while impersonating a merchant");
  }
  if (op === "read") return ALLOW;
  if (!canManageKeys(actor.role, environment)) return refuse(`Your role (${actor.role}) cannot manage ${environment} keys`);
  return ALLOW;
}

/** Scopes of `wanted` the holder lacks (a write scope implies its read). */
export function scopesNotHeld(held: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((scope) => {
    const [resource, access] = scope.split(":") as [Resource, Access];
    return !hasScope(held, resource, access);
  });
}

/** The one decision: may `actor` do `op` to `target` (changing it by `change`)? */
export function decideKeyOperation(actor: Actor, op: KeyOperation, target: KeyTarget, change: KeyChange = {}): KeyDecision {
  const coarse = decideInEnvironment(actor, op, target.environment);
  if (!coarse.allowed) return coarse;

  if (actor.kind === "user") {
    if (op === "reveal" && target.type !== "publishable" && (!target.createdByUserId || target.createdByUserId !== actor.userId)) {
      return refuse("Only the member who created or rolled this key can reveal its secret");
    }
    return ALLOW;
  }

  if (op === "refresh") {
    if (!target.id || target.id !== actor.keyId) return refuse("A refresh token can only rotate its own key");
    const missing = scopesNotHeld(actor.scopes, [...target.permissions, ...(change.permissions ?? [])]);
    if (missing.length || target.type !== actor.keyType) return refuse("A refresh cannot widen the key's permissions");
    return ALLOW;
  }
  if (!BOUNDED_OPERATIONS.has(op)) return ALLOW;
  if (op === "revoke" && target.id === actor.keyId) return ALLOW;

  const verb = op === "create" ? "create" : op === "roll" ? "roll" : op === "revoke" ? "revoke" : "edit";
  if (target.type === "secret" && actor.keyType !== "secret") {
    return refuse(`A ${actor.keyType} key cannot ${verb} secret keys; use a secret key or the dashboard`);
  }
  const missingNow = scopesNotHeld(actor.scopes, target.permissions);
  if (missingNow.length) {
    return op === "create"
      ? refuse(`This API key cannot grant permissions it does not hold: ${missingNow.join(", ")}`)
      : refuse(`This API key cannot ${verb} a key holding permissions it does not hold itself: ${missingNow.join(", ")}`);
  }
  const missingAfter = scopesNotHeld(actor.scopes, change.permissions ?? []);
  if (missingAfter.length) {
    return refuse(`This API key cannot grant permissions it does not hold: ${missingAfter.join(", ")}`);
  }
  return ALLOW;
}

/** A stored key (a row, or its decoded record) as a policy target. */
export function keyTarget(row: {
  id: string;
  type: string;
  environment: string;
  permissions: string | readonly string[];
  createdByUserId?: string | null;
}): KeyTarget {
  return {
    id: row.id,
    type: asKeyType(row.type),
    environment: asEnvironment(row.environment),
    permissions: typeof row.permissions === "string" ? decodePermissions(row.permissions) : [...row.permissions],
    createdByUserId: row.createdByUserId ?? null,
  };
}
