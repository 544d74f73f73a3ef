import "server-only";
import type { Environment } from "@/lib/api-keys/kinds";
import { isImpersonating, type Actor } from "@/lib/auth/actor";
import { forbidden, notFound, ServiceError, zodFieldErrors } from "@/lib/errors";
import type { db, Tx } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/generated/sqlite/client";
import { canManageWebhooks, hasScope } from "@/lib/permissions";
import { webhookEndpointIdSchema } from "./schema";
import type { z } from "zod";

export type WebhookOperation = "read" | "write";

/**
 * Who may do what to webhook endpoints, for the dashboard and the API alike.
 * An API key acts on its own environment's endpoints with webhooks:read or
 * webhooks:write; members as for keys (owners and admins everything,
 * developers test); support staff impersonating a merchant may look only
 * (an endpoint decides where the merchant's events go).
 */
export function canDoWebhookOperation(actor: Actor, op: WebhookOperation, environment: Environment): boolean {
  if (actor.kind === "api_key") return actor.environment === environment && hasScope(actor.scopes, "webhooks", op);
  if (op === "read") return true;
  if (isImpersonating(actor)) return false;
  return canManageWebhooks(actor.role, environment);
}

export function authorizeWebhook(actor: Actor, op: WebhookOperation, environment: Environment): void {
  if (canDoWebhookOperation(actor, op, environment)) return;
  if (isImpersonating(actor)) throw forbidden("Support staff cannot change webhook endpoints while impersonating a merchant");
  if (actor.kind === "api_key") {
    throw forbidden(
      actor.environment !== environment
        ? `A ${actor.environment} API key cannot manage ${environment} webhook endpoints`
        : "This API key lacks the webhooks:write permission",
    );
  }
  throw forbidden(`Your role (${actor.role}) cannot manage ${environment} webhook endpoints`);
}

export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(result.error.issues));
  return result.data;
}

export function parseEndpointId(id: unknown): string {
  const result = webhookEndpointIdSchema.safeParse(id);
  // A malformed id names no endpoint: answered as an unknown one.
  if (!result.success) throw notFound("No such webhook endpoint");
  return result.data;
}

/** An endpoint of the actor's merchant (and, for an API key, of its environment); anything else does not exist. */
export async function findOwnEndpoint(client: Tx | typeof db, actor: Actor, id: string): Promise<WebhookEndpoint> {
  const row = await client.webhookEndpoint.findFirst({
    where: { id, merchantId: actor.merchantId, ...(actor.kind === "api_key" ? { environment: actor.environment } : {}) },
  });
  if (!row) throw notFound("No such webhook endpoint");
  return row;
}
