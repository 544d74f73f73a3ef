import { z } from "zod";
import { ENVIRONMENTS } from "@/lib/api-keys/kinds";
import { EVENT_TYPE_NAMES } from "@/lib/events/types";

/**
 * Webhook endpoint input, shared by the dashboard form (zodResolver) and the
 * service (safeParse). Pure: no server code.
 */

export const MAX_URL_LENGTH = 2048;
const DEV_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** https, or http to this machine for development. No credentials in the URL. */
export const webhookUrlSchema = z
  .string({ error: "Enter the endpoint's URL" })
  .trim()
  .min(1, "Enter the endpoint's URL")
  .max(MAX_URL_LENGTH, `URLs are limited to ${MAX_URL_LENGTH} characters`)
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter a full URL, such as https://example.com/webhooks" });
      return;
    }
    if (url.protocol === "http:" && DEV_HOSTS.has(url.hostname)) return;
    if (url.protocol !== "https:") {
      ctx.addIssue({ code: "custom", message: "Webhook URLs must use https:// (http:// only for localhost or 127.0.0.1 in development)" });
      return;
    }
    if (url.username || url.password) ctx.addIssue({ code: "custom", message: "Do not put a user name or password in the URL" });
  });

export const eventTypesSchema = z
  .array(z.enum(EVENT_TYPE_NAMES, { error: (issue) => `Unknown event type${typeof issue.input === "string" ? `: ${issue.input.slice(0, 60)}` : ""}` }), {
    error: "Choose the event types to send",
  })
  .min(1, "Choose at least one event type")
  .max(EVENT_TYPE_NAMES.length)
  .transform((types) => [...new Set(types)]);

export const webhookDescriptionSchema = z.string().trim().max(200, "Keep the description under 200 characters");

export const createWebhookEndpointSchema = z.strictObject({
  url: webhookUrlSchema,
  description: webhookDescriptionSchema.optional(),
  environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }),
  eventTypes: eventTypesSchema,
  enabled: z.boolean().optional(),
});

/**
 * The dashboard's endpoint form, checked field by field as the API does: an
 * edit leaves the environment out (it is fixed once created).
 */
export const webhookEndpointFormSchema = z.strictObject({
  url: webhookUrlSchema,
  description: webhookDescriptionSchema,
  environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }).optional(),
  eventTypes: eventTypesSchema,
});

export const updateWebhookEndpointSchema = z.strictObject({
  url: webhookUrlSchema.optional(),
  description: webhookDescriptionSchema.nullable().optional(),
  eventTypes: eventTypesSchema.optional(),
  enabled: z.boolean().optional(),
});

/** How long the previous secret keeps signing after a roll: now, up to 7 days. */
export const MAX_SECRET_OVERLAP_SECONDS = 7 * 86_400;
export const DEFAULT_SECRET_OVERLAP_SECONDS = 86_400;

export const rollWebhookSecretSchema = z.strictObject({
  expirePreviousIn: z
    .number({ error: "expire_previous_in must be a number of seconds" })
    .int("expire_previous_in must be a whole number of seconds")
    .min(0, "expire_previous_in cannot be negative")
    .max(MAX_SECRET_OVERLAP_SECONDS, "The previous secret can keep signing for at most 7 days")
    .optional(),
});

export const webhookEndpointIdSchema = z.string().regex(/^we_[0-9A-Za-z]{20}$/);
export const webhookDeliveryIdSchema = z.string().regex(/^whd_[0-9A-Za-z]{20}$/);

export type CreateWebhookEndpointInput = z.input<typeof createWebhookEndpointSchema>;
export type UpdateWebhookEndpointInput = z.input<typeof updateWebhookEndpointSchema>;
export type RollWebhookSecretInput = z.input<typeof rollWebhookSecretSchema>;

export const listEndpointsQuerySchema = z.strictObject({
  environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }).optional(),
  limit: z.number().int().min(1).max(100).default(100),
  startingAfter: z.string().regex(/^we_[0-9A-Za-z]{20}$/, "Not a valid webhook endpoint id").optional(),
});

export const listDeliveriesQuerySchema = z.strictObject({
  limit: z.number().int().min(1).max(100).default(25),
  startingAfter: webhookDeliveryIdSchema.optional(),
});
