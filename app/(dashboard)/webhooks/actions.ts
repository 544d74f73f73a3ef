"use server";

import { merchantAction } from "@/lib/actions/merchant-action";
import {
  createEndpoint,
  deleteEndpoint,
  resendDelivery,
  rollEndpointSecret,
  sendTestEvent,
  updateEndpoint,
} from "@/lib/webhooks/service";
import { createWebhookEndpointSchema, type RollWebhookSecretInput, type UpdateWebhookEndpointInput } from "@/lib/validations/webhook";
import { parseInput } from "@/lib/validations/parse";

/**
 * Thin actions: the wrapper resolves the actor; the service validates and
 * authorizes. A signing secret is returned by create and roll only.
 * Parameters are typed for the pages; what a client really sends is parsed
 * by the service, so a missing argument reads as an empty one.
 */

/** The endpoint form sends its create and edit shapes through one variable, so this checks which it got. */
export async function createWebhookEndpointAction(input: unknown) {
  return merchantAction(async (actor) => {
    const { endpoint, secret } = await createEndpoint(actor, parseInput(createWebhookEndpointSchema, input));
    return { id: endpoint.id, url: endpoint.url, secret };
  });
}

export async function updateWebhookEndpointAction(input: { id: string; changes: UpdateWebhookEndpointInput }) {
  return merchantAction(async (actor) => {
    const endpoint = await updateEndpoint(actor, input?.id, input?.changes);
    return { id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled };
  });
}

export async function deleteWebhookEndpointAction(id: string) {
  return merchantAction(async (actor) => {
    const deleted = await deleteEndpoint(actor, id);
    return { id: deleted.id, url: deleted.url };
  });
}

export async function rollWebhookSecretAction(input: { id: string } & RollWebhookSecretInput) {
  return merchantAction(async (actor) => {
    const { endpoint, secret } = await rollEndpointSecret(actor, input?.id, { expirePreviousIn: input?.expirePreviousIn });
    return { id: endpoint.id, url: endpoint.url, secret };
  });
}

export async function sendWebhookTestEventAction(id: string) {
  return merchantAction(async (actor) => {
    const delivery = await sendTestEvent(actor, id);
    return { deliveryId: delivery.id };
  });
}

export async function resendWebhookDeliveryAction(input: { endpointId: string; deliveryId: string }) {
  return merchantAction(async (actor) => {
    const delivery = await resendDelivery(actor, input?.endpointId, input?.deliveryId);
    return { deliveryId: delivery.id };
  });
}
