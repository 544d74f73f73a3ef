import "server-only";
import type { Environment } from "@/lib/api-keys/format";
import { isImpersonating, type Actor } from "@/lib/auth/actor";
import { forbidden } from "@/lib/errors";
import type { db, Tx } from "@/lib/db";
import { foundOr404, ownWhere, parseOwnId } from "@/lib/db/own";
import type { Application } from "@/lib/generated/sqlite/client";
import { canManageApplications, hasScope } from "@/lib/permissions";
import { applicationIdSchema } from "@/lib/validations/application";

export type ApplicationOperation =
  | "read"
  | "create"
  | "rename"
  | "delete"
  /** Add, rotate or remove a provider credential. */
  | "write_credential"
  /** Read a credential's plaintext, for code that calls the provider. */
  | "decrypt_credential";

/** Impersonating staff may look and relabel; nothing that creates, deletes or touches a credential. */
const IMPERSONATION_ALLOWED: ReadonlySet<ApplicationOperation> = new Set(["read", "rename"]);

/** The one place that decides who may do what to applications, for the dashboard and the API alike. */
export function canDoApplicationOperation(actor: Actor, op: ApplicationOperation, environment: Environment): boolean {
  if (actor.kind === "api_key") {
    if (actor.environment !== environment) return false;
    return hasScope(actor.scopes, "applications", op === "read" ? "read" : "write");
  }
  if (isImpersonating(actor) && !IMPERSONATION_ALLOWED.has(op)) return false;
  if (op === "read") return true;
  return canManageApplications(actor.role, environment);
}

export function authorizeApplication(actor: Actor, op: ApplicationOperation, environment: Environment): void {
  if (canDoApplicationOperation(actor, op, environment)) return;
  if (isImpersonating(actor) && !IMPERSONATION_ALLOWED.has(op)) {
    throw forbidden(
      op === "write_credential" || op === "decrypt_credential"
        ? "Support staff cannot add, rotate, remove or read provider credentials while impersonating a merchant"
        : "Support staff cannot do this while impersonating a merchant",
    );
  }
  if (actor.kind === "api_key") {
    throw forbidden(
      actor.environment !== environment
        ? `A ${actor.environment} API key cannot manage ${environment} applications`
        : "This API key lacks the applications:write permission",
    );
  }
  throw forbidden(`Your role (${actor.role}) cannot manage ${environment} applications`);
}

export { parseInput } from "@/lib/validations/parse";

export function parseApplicationId(id: unknown): string {
  return parseOwnId(applicationIdSchema, id, "application");
}

/**
 * Loads an application of the actor's merchant. Applications of other
 * merchants (and, for API keys, of the other environment) do not exist.
 */
export async function findOwnApplication(client: Tx | typeof db, actor: Actor, id: string): Promise<Application> {
  return foundOr404(await client.application.findFirst({ where: ownWhere(actor, id) }), "application");
}

export { actorLabel } from "@/lib/auth/actor";
