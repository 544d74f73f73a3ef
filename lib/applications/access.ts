import "server-only";
import type { Environment } from "@/lib/api-keys/format";
import { isImpersonating, type Actor } from "@/lib/auth/actor";
import { forbidden, notFound, ServiceError, zodFieldErrors } from "@/lib/errors";
import type { db, Tx } from "@/lib/db";
import type { Application } from "@/lib/generated/sqlite/client";
import { canManageApplications, hasScope } from "@/lib/permissions";
import { applicationIdSchema } from "@/lib/validations/application";
import type { z } from "zod";

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

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(result.error.issues));
  return result.data;
}

export function parseApplicationId(id: unknown): string {
  const result = applicationIdSchema.safeParse(id);
  // A malformed id cannot name any application: answer as for an unknown one.
  if (!result.success) throw notFound("No such application");
  return result.data;
}

/**
 * Loads an application of the actor's merchant. Applications of other
 * merchants (and, for API keys, of the other environment) do not exist.
 */
export async function findOwnApplication(client: Tx | typeof db, actor: Actor, id: string): Promise<Application> {
  const row = await client.application.findFirst({
    where: {
      id,
      merchantId: actor.merchantId,
      ...(actor.kind === "api_key" ? { environment: actor.environment } : {}),
    },
  });
  if (!row) throw notFound("No such application");
  return row;
}

export function actorLabel(actor: Actor): string {
  if (actor.kind === "api_key") return `API key ${actor.label}`;
  return actor.impersonation ? `${actor.impersonation.staffLabel} (support)` : actor.label;
}
