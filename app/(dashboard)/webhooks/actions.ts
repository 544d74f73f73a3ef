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

/**
 * Thin actions: the wrapper resolves the actor; the service validates and
 * authorizes. A signing secret is returned by create and roll only.
 */

type Args = Record<string, unknown>;
const args = (input: unknown): Args => (input && typeof input === "object" ? (input as Args) : {});

export async function createWebhookEndpointAction(input: unknown) {
  return merchantAction(async (actor) => {
    const { endpoint, secret } = await createEndpoint(actor, input);
    return { id: endpoint.id, url: endpoint.url, secret };
  });
}

export async function updateWebhookEndpointAction(input: unknown) {
  const { id, changes } = args(input);
  return merchantAction(async (actor) => {
    const endpoint = await updateEndpoint(actor, id, changes);
    return { id: endpoint.id, url: endpoint.url, enabled: endpoint.enabled };
  });
}

export async function deleteWebhookEndpointAction(id: unknown) {
  return merchantAction(async (actor) => {
    const deleted = await deleteEndpoint(actor, id);
    return { id: deleted.id, url: deleted.url };
  });
}

export async function rollWebhookSecretAction(input: unknown) {
  const { id, expirePreviousIn } = args(input);
  return merchantAction(async (actor) => {
    const { endpoint, secret } = await rollEndpointSecret(actor, id, { expirePreviousIn });
    return { id: endpoint.id, url: endpoint.url, secret };
  });
}

export async function sendWebhookTestEventAction(id: unknown) {
  return merchantAction(async (actor) => {
    const delivery = await sendTestEvent(actor, id);
    return { deliveryId: delivery.id };
  });
}

export async function resendWebhookDeliveryAction(input: unknown) {
  const { endpointId, deliveryId } = args(input);
  return merchantAction(async (actor) => {
    const delivery = await resendDelivery(actor, endpointId, deliveryId);
    return { deliveryId: delivery.id };
  });
}
