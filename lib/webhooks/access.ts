import "server-only";
import type { Environment } from "@/lib/api-keys/kinds";
import { isImpersonating, type Actor } from "@/lib/auth/actor";
import { forbidden } from "@/lib/errors";
import { foundOr404, ownWhere, parseOwnId } from "@/lib/db/own";
import type { db, Tx } from "@/lib/db";
import type { WebhookEndpoint } from "@/lib/generated/sqlite/client";
import { canManageWebhooks, hasScope } from "@/lib/permissions";
import { webhookEndpointIdSchema } from "@/lib/validations/webhook";

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

export { parseInput } from "@/lib/validations/parse";

export function parseEndpointId(id: unknown): string {
  return parseOwnId(webhookEndpointIdSchema, id, "webhook endpoint");
}

/** An endpoint of the actor's merchant (and, for an API key, of its environment); anything else does not exist. */
export async function findOwnEndpoint(client: Tx | typeof db, actor: Actor, id: string): Promise<WebhookEndpoint> {
  return foundOr404(await client.webhookEndpoint.findFirst({ where: ownWhere(actor, id) }), "webhook endpoint");
}
