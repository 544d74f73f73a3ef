import { z } from "zod";
import { ENVIRONMENTS } from "@/lib/api-keys/kinds";
import { notFound } from "@/lib/errors";
import { limitParam, listSchema, objectId, text, toUnix, unixTimestamp } from "@/lib/validations/api/common";
import {
  applicationDescriptionSchema,
  applicationIdSchema,
  applicationNameSchema,
  providerNameSchema,
  type CredentialFieldsInput,
} from "@/lib/validations/application";
import { PROVIDER_LIST, PROVIDER_NAMES, PROVIDERS, isProviderName, type ProviderName } from "@/lib/credentials/providers";
import type { CredentialView } from "@/lib/credentials/view";
import type { ApplicationPage, ApplicationView } from "@/lib/applications/service";

/**
 * The REST representation of applications and their provider credentials:
 * snake_case fields, Unix-second timestamps, masks only. The same schemas
 * validate requests and generate the OpenAPI document.
 */

const toSnake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (name: string) => name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

const appId = applicationIdSchema.meta({ description: "The application's id", example: "app_8Jd2kQm4TzX0aLp7Wc1N" });

export const applicationIdParams = z.object({ applicationId: appId });
export const providerParams = z.object({
  applicationId: appId,
  providerName: providerNameSchema.meta({ description: "The payment provider", example: "stripe" }),
});

// ---- objects -------------------------------------------------------------

export const providerCredentialObject = z.object({
  id: objectId("cred").meta({ example: "cred_Q2w9ZkP0sLm4Tx8bVn3R" }),
  object: z.literal("provider_credential"),
  application: objectId("app").meta({ description: "The application's id" }),
  provider: z.enum(PROVIDER_NAMES),
  provider_label: text(64).meta({ example: "Stripe" }),
  mask: text(64).meta({ description: "The key's provider prefix and last four characters; the key itself is never returned", example: "sk_test_…4242" }),
  public_fields: z
    .record(text(64), text(200))
    .meta({ description: "The provider's non-secret settings, e.g. Adyen's merchant_account", example: {} }),
  set_by: text(300).meta({ description: "Who stored the current key", example: "owner@acme.test" }),
  set_at: unixTimestamp.meta({ description: "When the current key was stored" }),
  rotated_at: unixTimestamp.nullable().meta({ description: "When the key was last rotated; null if never" }),
  created_at: unixTimestamp,
});

export const applicationObject = z.object({
  id: appId,
  object: z.literal("application"),
  name: text(100).meta({ example: "Web checkout" }),
  description: text(500).nullable(),
  environment: z.enum(ENVIRONMENTS).meta({ description: "Fixed at creation: the application accepts this environment's provider keys only" }),
  created_at: unixTimestamp,
  updated_at: unixTimestamp,
  providers: z.array(providerCredentialObject).max(PROVIDER_NAMES.length).meta({ description: "Its configured providers, masked" }),
});

export const applicationList = listSchema(applicationObject);
export const providerCredentialList = z.object({
  object: z.literal("list"),
  data: z.array(providerCredentialObject).max(PROVIDER_NAMES.length),
  has_more: z.literal(false),
});
export const deletedApplicationObject = z.object({
  id: appId,
  object: z.literal("application"),
  deleted: z.literal(true),
  removed_providers: z.array(z.enum(PROVIDER_NAMES)).max(PROVIDER_NAMES.length).meta({ description: "The providers whose credentials were deleted with it" }),
});
export const removedCredentialObject = providerCredentialObject.extend({ deleted: z.literal(true) });

function snakeKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [toSnake(k), v]));
}

export function serializeCredential(c: CredentialView): z.infer<typeof providerCredentialObject> {
  return {
    id: c.id,
    object: "provider_credential",
    application: c.applicationId,
    provider: c.provider,
    provider_label: c.providerLabel,
    mask: c.mask,
    public_fields: snakeKeys(c.publicFields),
    set_by: c.setBy,
    set_at: toUnix(c.setAt),
    rotated_at: toUnix(c.rotatedAt),
    created_at: toUnix(c.createdAt),
  };
}

export function serializeApplication(a: ApplicationView): z.infer<typeof applicationObject> {
  return {
    id: a.id,
    object: "application",
    name: a.name,
    description: a.description,
    environment: a.environment,
    created_at: toUnix(a.createdAt),
    updated_at: toUnix(a.updatedAt),
    providers: a.providers.map(serializeCredential),
  };
}

export function serializeApplicationPage(page: ApplicationPage): z.infer<typeof applicationList> {
  return { object: "list", data: page.items.map(serializeApplication), has_more: page.hasMore, next_cursor: page.nextCursor };
}

// ---- requests ------------------------------------------------------------

export const listApplicationsQuery = z
  .object({
    limit: limitParam,
    starting_after: applicationIdSchema.optional().meta({ description: "The id of the last application of the previous page" }),
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }).optional().meta({ description: "An API key always sees its own environment only" }),
  })
  .strict();

export function toListQuery(q: z.infer<typeof listApplicationsQuery>) {
  return { limit: q.limit, startingAfter: q.starting_after, environment: q.environment };
}

export const createApplicationBody = z
  .object({
    name: applicationNameSchema.meta({ example: "Web checkout" }),
    description: applicationDescriptionSchema.optional(),
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }),
  })
  .strict();

export const updateApplicationBody = z.strictObject(
  {
    name: applicationNameSchema.optional(),
    description: applicationDescriptionSchema.nullable().optional(),
  },
  {
    error: (issue) =>
      issue.code === "unrecognized_keys" && issue.keys.includes("environment")
        ? "An application's environment cannot be changed; create a new application"
        : undefined,
  },
);

const keyText = z.string({ error: "api_key must be a string" }).max(1024, "api_key is too long");

const apiKeyFields = {
  api_key: keyText.optional().meta({ description: "The provider's secret (see the provider catalog). Stored encrypted; never returned." }),
  apiKey: keyText.optional().meta({ description: "The same as api_key (either spelling is accepted)" }),
};

function oneApiKey(value: { api_key?: string; apiKey?: string }, ctx: z.RefinementCtx) {
  if (value.api_key !== undefined && value.apiKey !== undefined) {
    ctx.addIssue({ code: "custom", path: ["api_key"], message: "Give api_key once (api_key or apiKey, not both)" });
  } else if (value.api_key === undefined && value.apiKey === undefined) {
    ctx.addIssue({ code: "custom", path: ["api_key"], message: "api_key is required" });
  }
}

/** PATCH …/api-key: `{ "apiKey": "…" }` (or `api_key`). */
export const rotateApiKeyBody = z.object(apiKeyFields).strict().superRefine(oneApiKey);

export function toRotateInput(body: z.infer<typeof rotateApiKeyBody>): { apiKey: string } {
  // The body's refinement makes one of the two present.
  return { apiKey: body.api_key ?? body.apiKey ?? "" };
}

const publicFieldDocs = new Map<string, string[]>();
for (const def of PROVIDER_LIST) {
  for (const f of def.publicFields) {
    const name = toSnake(f.name);
    publicFieldDocs.set(name, [...(publicFieldDocs.get(name) ?? []), `${def.label}: ${f.label}${f.required("test") ? "" : f.onlyFor ? ` (${f.onlyFor} applications, required there)` : " (optional)"}`]);
  }
}

/** PUT …/providers/{providerName}, documented with every provider's fields. */
export const providerConfigurationBody = z
  .object({
    ...apiKeyFields,
    ...Object.fromEntries(
      [...publicFieldDocs].map(([name, docs]) => [name, z.string().max(200).optional().meta({ description: docs.join("; ") })]),
    ),
  })
  .strict()
  .meta({
    description:
      "The secret as api_key plus the provider's public fields. Stripe: api_key (sk_/rk_ key of the application's environment), publishable_key. Adyen: api_key, merchant_account, live_url_prefix (live only). Braintree: api_key (private key), merchant_id, public_key. Checkout.com: api_key (sk_sbox_ for test, sk_ for live), public_key. PayPal: api_key (client secret), client_id.",
  });

/** The body schema for one provider: its own fields only, so a field of another provider is refused. */
export function providerConfigurationBodyFor(provider: ProviderName) {
  const shape: Record<string, z.ZodType<string | undefined>> = { ...apiKeyFields };
  for (const f of PROVIDERS[provider].publicFields) {
    shape[toSnake(f.name)] = z.string({ error: `${toSnake(f.name)} must be a string` }).max(200, `${toSnake(f.name)} is too long`).optional();
  }
  return z
    .strictObject(shape, {
      error: (issue) =>
        issue.code === "unrecognized_keys"
          ? `Not a ${PROVIDERS[provider].label} field: ${issue.keys.join(", ")}`
          : undefined,
    })
    .superRefine((v, ctx) => oneApiKey(v as { api_key?: string; apiKey?: string }, ctx));
}

/** Maps a validated configuration body to the credential service's camelCase input. */
export function toCredentialInput(body: Record<string, string | undefined>): CredentialFieldsInput {
  const out: CredentialFieldsInput = {};
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    out[key === "api_key" ? "apiKey" : toCamel(key)] = value;
  }
  return out;
}

/** A provider name from the path: unknown names are not found (before any body is looked at). */
export function providerFromPath(name: string): ProviderName {
  if (!isProviderName(name)) throw notFound(`Unknown provider; choose one of ${PROVIDER_NAMES.join(", ")}`);
  return name;
}
