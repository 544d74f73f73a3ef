import { z } from "zod";
import { ENVIRONMENTS } from "@/lib/api-keys/kinds";
import { EVENT_TYPES, EVENT_TYPE_NAMES, TEST_EVENT_TYPE } from "@/lib/events/types";
import { boundedInt, limitParam, listSchema, text, toUnix, unixTimestamp } from "@/lib/validations/api/common";
import {
  MAX_SECRET_OVERLAP_SECONDS,
  MAX_URL_LENGTH,
  webhookDeliveryIdSchema,
  webhookDescriptionSchema,
  webhookEndpointIdSchema,
  webhookUrlSchema,
} from "@/lib/validations/webhook";
import type { DeliveryPage, DeliveryView, EndpointPage, EndpointView } from "@/lib/webhooks/service";

/**
 * The REST representation of webhook endpoints and their deliveries:
 * snake_case, Unix-second timestamps. A signing secret appears only in the
 * answers that create it (create, roll-secret).
 */

const endpointId = webhookEndpointIdSchema.max(23).meta({ description: "The endpoint's id", example: "we_3kTq8ZpR2mXv7LcN0bWd" });
const deliveryId = webhookDeliveryIdSchema.max(24).meta({ description: "The delivery's id", example: "whd_9QmT2xLp7VbN4cKz1RsW" });

export const endpointIdParams = z.object({ endpointId });
export const deliveryParams = z.object({ endpointId, deliveryId });

const eventType = z.enum(EVENT_TYPE_NAMES, {
  error: (issue) => `Unknown event type${typeof issue.input === "string" ? `: ${issue.input.slice(0, 60)}` : ""}; see the list in the API reference`,
});

const eventTypes = z
  .array(eventType, { error: "event_types must be a list of event types" })
  .min(1, "Choose at least one event type")
  .max(EVENT_TYPE_NAMES.length)
  .meta({
    description: `The events to send. ${EVENT_TYPES.map((e) => `\`${e.type}\`: ${e.description}`).join(" ")}`,
    example: ["api_key.revoked", "api_key.leaked"],
  });

const secretField = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/=]{40,64}$/)
  .max(70)
  .meta({
    description: "The signing secret (Standard Webhooks). Returned only here: store it now. Verify requests with any Standard Webhooks library.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw3Yb0UO2aYsE=",
  });

// ---- objects -------------------------------------------------------------

export const webhookEndpointObject = z.object({
  id: endpointId,
  object: z.literal("webhook_endpoint"),
  url: text(MAX_URL_LENGTH).meta({ example: "https://hooks.example.com/keyward" }),
  description: text(200).nullable(),
  environment: z.enum(ENVIRONMENTS).meta({ description: "Fixed at creation: the endpoint receives this environment's events (live endpoints also receive team and support-access events)" }),
  event_types: z.array(eventType).max(EVENT_TYPE_NAMES.length),
  enabled: z.boolean(),
  disabled_at: unixTimestamp.nullable(),
  disabled_reason: z.enum(["merchant", "failing"]).nullable().meta({ description: "`failing`: disabled by Keyward after 3 days of failed deliveries" }),
  failing_since: unixTimestamp.nullable().meta({ description: "First failed attempt since the last success" }),
  previous_secret_expires_at: unixTimestamp.nullable().meta({ description: "Until then, requests also carry a signature by the secret before the last roll" }),
  created_at: unixTimestamp,
  updated_at: unixTimestamp,
});

export const webhookEndpointWithSecretObject = webhookEndpointObject.extend({ secret: secretField });
export const webhookEndpointList = listSchema(webhookEndpointObject);
export const deletedWebhookEndpointObject = z.object({ id: endpointId, object: z.literal("webhook_endpoint"), deleted: z.literal(true) });

const attemptObject = z.object({
  number: boundedInt(1, 10_000),
  started_at: unixTimestamp,
  duration_ms: boundedInt(0, 3_600_000).meta({ description: "Response time" }),
  status_code: boundedInt(100, 599).nullable().meta({ description: "null when no response came (timeout, refused address, connection error)" }),
  error: text(300).nullable(),
  response_body: text(1024).nullable().meta({ description: "The first bytes of the response" }),
});

export const webhookDeliveryObject = z.object({
  id: deliveryId,
  object: z.literal("webhook_delivery"),
  endpoint: endpointId,
  event: z.object({
    id: z.string().regex(/^msg_[0-9A-Za-z]{20}$/).max(24).meta({ description: "Sent as webhook-id, the same on every attempt", example: "msg_2ZkP8wQm4TzX0aLp7Wc1" }),
    type: z.union([eventType, z.literal(TEST_EVENT_TYPE)]),
    occurred_at: unixTimestamp,
  }),
  status: z.enum(["pending", "succeeded", "failed"]),
  attempts: boundedInt(0, 10_000),
  next_attempt_at: unixTimestamp.nullable(),
  last_attempt_at: unixTimestamp.nullable(),
  last_status_code: boundedInt(100, 599).nullable(),
  created_at: unixTimestamp,
  attempt_log: z.array(attemptObject).max(20).meta({ description: "The latest attempts, newest first" }),
});

export const webhookDeliveryList = listSchema(webhookDeliveryObject);

export function serializeEndpoint(e: EndpointView): z.infer<typeof webhookEndpointObject> {
  return {
    id: e.id,
    object: "webhook_endpoint",
    url: e.url,
    description: e.description,
    environment: e.environment,
    event_types: e.eventTypes,
    enabled: e.enabled,
    disabled_at: toUnix(e.disabledAt),
    disabled_reason: e.disabledReason,
    failing_since: toUnix(e.failingSince),
    previous_secret_expires_at: toUnix(e.previousSecretExpiresAt),
    created_at: toUnix(e.createdAt),
    updated_at: toUnix(e.updatedAt),
  };
}

export function serializeEndpointPage(page: EndpointPage): z.infer<typeof webhookEndpointList> {
  return { object: "list", data: page.items.map(serializeEndpoint), has_more: page.hasMore, next_cursor: page.nextCursor };
}

export function serializeDelivery(d: DeliveryView): z.infer<typeof webhookDeliveryObject> {
  return {
    id: d.id,
    object: "webhook_delivery",
    endpoint: d.endpointId,
    event: { id: d.eventId, type: d.eventType as z.infer<typeof webhookDeliveryObject>["event"]["type"], occurred_at: toUnix(d.occurredAt) },
    status: d.status,
    attempts: d.attempts,
    next_attempt_at: toUnix(d.nextAttemptAt),
    last_attempt_at: toUnix(d.lastAttemptAt),
    last_status_code: d.lastStatusCode,
    created_at: toUnix(d.createdAt),
    attempt_log: d.attemptLog.map((a) => ({
      number: a.number,
      started_at: toUnix(a.startedAt),
      duration_ms: a.durationMs,
      status_code: a.statusCode,
      error: a.error,
      response_body: a.responseBody,
    })),
  };
}

export function serializeDeliveryPage(page: DeliveryPage): z.infer<typeof webhookDeliveryList> {
  return { object: "list", data: page.items.map(serializeDelivery), has_more: page.hasMore, next_cursor: page.nextCursor };
}

// ---- requests ------------------------------------------------------------

export const listEndpointsQuery = z.strictObject({
  limit: limitParam,
  starting_after: webhookEndpointIdSchema.max(23).optional().meta({ description: "The id of the last endpoint of the previous page" }),
});

export const createEndpointBody = z.strictObject({
  url: webhookUrlSchema.meta({
    description: "Where to POST events: https (http only to localhost or 127.0.0.1, for development). Private and loopback addresses are refused unless the operator allows them.",
    example: "https://hooks.example.com/keyward",
  }),
  description: webhookDescriptionSchema.optional().meta({ example: "Alerts to the on-call channel" }),
  environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }).optional().meta({ description: "Defaults to (and must be) the key's environment" }),
  event_types: eventTypes,
  enabled: z.boolean().optional().meta({ description: "Default true" }),
});

export const updateEndpointBody = z.strictObject(
  {
    url: webhookUrlSchema.optional().meta({ example: "https://hooks.example.com/keyward/v2" }),
    description: webhookDescriptionSchema.nullable().optional(),
    event_types: eventTypes.optional(),
    enabled: z.boolean().optional().meta({ description: "false stops deliveries; true re-enables an endpoint, including one Keyward disabled after failures" }),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" && issue.keys.includes("environment")
        ? "An endpoint's environment cannot be changed; create a new endpoint"
        : undefined,
  },
);

export const rollSecretBody = z.strictObject({
  expire_previous_in: z
    .number({ error: "expire_previous_in must be a number of seconds" })
    .int("expire_previous_in must be a whole number of seconds")
    .min(0)
    .max(MAX_SECRET_OVERLAP_SECONDS, "The previous secret can keep signing for at most 7 days (604800 seconds)")
    .optional()
    .meta({ ...{ format: "int32" }, description: "Seconds the previous secret keeps signing beside the new one (default 86400; 0 ends it now)", example: 3600 }),
});

export const listDeliveriesQuery = z.strictObject({
  limit: limitParam,
  starting_after: webhookDeliveryIdSchema.max(24).optional().meta({ description: "The id of the last delivery of the previous page" }),
});
