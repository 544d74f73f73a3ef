import {
  createEndpointBody,
  deletedWebhookEndpointObject,
  deliveryParams,
  endpointIdParams,
  listDeliveriesQuery,
  listEndpointsQuery,
  rollSecretBody,
  updateEndpointBody,
  webhookDeliveryList,
  webhookDeliveryObject,
  webhookEndpointList,
  webhookEndpointObject,
  webhookEndpointWithSecretObject,
} from "@/lib/validations/api/webhooks";
import {
  EXAMPLE_WEBHOOK_DELIVERY_ID,
  EXAMPLE_WEBHOOK_ENDPOINT_ID,
  createWebhookEndpointExample,
  rollWebhookSecretExample,
  updateWebhookEndpointExample,
} from "../examples";
import { KEY_SECURITY, component, curlSample, idempotencyHeaders, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

const TAG = "Webhooks";

const SIGNING =
  "Each request is a POST of JSON `{id, type, timestamp, environment, merchant, data}` signed per Standard Webhooks: `webhook-id` (the event's id, the same on every retry), `webhook-timestamp` and `webhook-signature` (`v1,<base64>`; two, space-separated, during a secret roll's overlap). A 2xx answer within 10 seconds is a success; anything else (redirects are not followed) is retried with exponential back-off for up to 3 days. An endpoint failing for 3 days is disabled.";

/** Webhook endpoints: where a merchant's events are POSTed, signed, and the log of each delivery. */
export function registerWebhookEndpointPaths(registry: OpenAPIRegistry): void {
  const Endpoint = component("WebhookEndpoint", webhookEndpointObject);
  const EndpointWithSecret = component("WebhookEndpointWithSecret", webhookEndpointWithSecretObject);
  const EndpointList = component("WebhookEndpointList", webhookEndpointList);
  const DeletedEndpoint = component("DeletedWebhookEndpoint", deletedWebhookEndpointObject);
  const Delivery = component("WebhookDelivery", webhookDeliveryObject);
  const DeliveryList = component("WebhookDeliveryList", webhookDeliveryList);
  const id = EXAMPLE_WEBHOOK_ENDPOINT_ID;
  const base = "/api/v1/webhook-endpoints";
  const one = `${base}/{endpointId}`;

  registry.registerPath({
    method: "get",
    path: base,
    operationId: "listWebhookEndpoints",
    tags: [TAG],
    summary: "List webhook endpoints",
    description: "The merchant's endpoints of the key's environment, newest first. Never returns signing secrets. Needs `webhooks:read`.",
    security: KEY_SECURITY,
    request: { query: listEndpointsQuery },
    responses: { 200: jsonResponse("A page of endpoints", EndpointList), ...problemResponses(401, 403, 404, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `${base}?limit=10` }),
  });

  registry.registerPath({
    method: "post",
    path: base,
    operationId: "createWebhookEndpoint",
    tags: [TAG],
    summary: "Create a webhook endpoint",
    description: `Creates an endpoint in the key's environment. The answer holds its signing \`secret\`: the only time it is returned. URLs must be https (http only to localhost or 127.0.0.1, for development); private and loopback addresses are refused (422) unless the operator allows them. ${SIGNING} Needs \`webhooks:write\`.`,
    security: KEY_SECURITY,
    request: {
      headers: idempotencyHeaders,
      body: { required: true, content: { "application/json": { schema: createEndpointBody, example: createWebhookEndpointExample } } },
    },
    responses: {
      201: jsonResponse("The new endpoint, with its signing secret", EndpointWithSecret, {
        Location: { description: "The endpoint's URL", schema: { type: "string", format: "uri-reference", maxLength: 64 } },
      }),
      ...problemResponses(400, 401, 403, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({ method: "POST", path: base, idempotent: true, body: createWebhookEndpointExample }),
  });

  registry.registerPath({
    method: "get",
    path: one,
    operationId: "getWebhookEndpoint",
    tags: [TAG],
    summary: "Retrieve a webhook endpoint",
    security: KEY_SECURITY,
    request: { params: endpointIdParams },
    responses: { 200: jsonResponse("The endpoint", Endpoint), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `${base}/${id}` }),
  });

  registry.registerPath({
    method: "patch",
    path: one,
    operationId: "updateWebhookEndpoint",
    tags: [TAG],
    summary: "Update a webhook endpoint",
    description: "Changes the URL, description or event types, or disables (`enabled: false`) and re-enables the endpoint. Its environment is fixed (422).",
    security: KEY_SECURITY,
    request: {
      params: endpointIdParams,
      body: { required: true, content: { "application/json": { schema: updateEndpointBody, example: updateWebhookEndpointExample } } },
    },
    responses: { 200: jsonResponse("The updated endpoint", Endpoint), ...problemResponses(400, 401, 403, 404, 413, 415, 422, 429) },
    "x-codeSamples": curlSample({ method: "PATCH", path: `${base}/${id}`, body: updateWebhookEndpointExample }),
  });

  registry.registerPath({
    method: "delete",
    path: one,
    operationId: "deleteWebhookEndpoint",
    tags: [TAG],
    summary: "Delete a webhook endpoint",
    description: "Deletes the endpoint and its delivery log. Undelivered events are not sent.",
    security: KEY_SECURITY,
    request: { params: endpointIdParams },
    responses: { 200: jsonResponse("The deleted endpoint", DeletedEndpoint), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "DELETE", path: `${base}/${id}` }),
  });

  registry.registerPath({
    method: "post",
    path: `${one}/roll-secret`,
    operationId: "rollWebhookEndpointSecret",
    tags: [TAG],
    summary: "Roll the signing secret",
    description:
      "Replaces the signing secret and returns the new one, once. The previous secret keeps signing beside it for `expire_previous_in` seconds (default a day; 0 ends it now), so receivers can switch without missing an event.",
    security: KEY_SECURITY,
    request: {
      headers: idempotencyHeaders,
      params: endpointIdParams,
      body: { required: false, content: { "application/json": { schema: rollSecretBody, example: rollWebhookSecretExample } } },
    },
    responses: { 200: jsonResponse("The endpoint, with its new signing secret", EndpointWithSecret), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
    "x-codeSamples": curlSample({ method: "POST", path: `${base}/${id}/roll-secret`, idempotent: true, body: rollWebhookSecretExample }),
  });

  registry.registerPath({
    method: "post",
    path: `${one}/test`,
    operationId: "sendWebhookTestEvent",
    tags: [TAG],
    summary: "Send a test event",
    description: "Queues a `webhook.test` event for this endpoint only and answers with its delivery (202); it is sent within seconds. 409 if the endpoint is disabled.",
    security: KEY_SECURITY,
    request: { headers: idempotencyHeaders, params: endpointIdParams },
    responses: { 202: jsonResponse("The queued delivery", Delivery), ...problemResponses(400, 401, 403, 404, 409, 429) },
    "x-codeSamples": curlSample({ method: "POST", path: `${base}/${id}/test`, idempotent: true }),
  });

  registry.registerPath({
    method: "get",
    path: `${one}/deliveries`,
    operationId: "listWebhookDeliveries",
    tags: [TAG],
    summary: "List an endpoint's deliveries",
    description: "Deliveries newest first, each with its status and latest attempts (status code, response time, the first bytes of the answer).",
    security: KEY_SECURITY,
    request: { params: endpointIdParams, query: listDeliveriesQuery },
    responses: { 200: jsonResponse("A page of deliveries", DeliveryList), ...problemResponses(401, 403, 404, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `${base}/${id}/deliveries?limit=10` }),
  });

  registry.registerPath({
    method: "post",
    path: `${one}/deliveries/{deliveryId}/resend`,
    operationId: "resendWebhookDelivery",
    tags: [TAG],
    summary: "Resend a delivery",
    description: "Sends the delivery again now, with the same `webhook-id` (202). 409 while an attempt is in flight or the endpoint is disabled.",
    security: KEY_SECURITY,
    request: { headers: idempotencyHeaders, params: deliveryParams },
    responses: { 202: jsonResponse("The delivery, queued again", Delivery), ...problemResponses(400, 401, 403, 404, 409, 429) },
    "x-codeSamples": curlSample({ method: "POST", path: `${base}/${id}/deliveries/${EXAMPLE_WEBHOOK_DELIVERY_ID}/resend`, idempotent: true }),
  });
}
