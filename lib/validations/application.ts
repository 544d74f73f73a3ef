import { z } from "zod";
import { ENVIRONMENTS, type Environment } from "@/lib/api-keys/kinds";
import { PROVIDER_NAMES, PROVIDERS, type ProviderName } from "@/lib/credentials/providers";

/** One schema per input, shared by the dashboard forms, the server actions and the REST API. */

export const applicationIdSchema = z.string().max(24, "Not a valid application id").regex(/^app_[0-9A-Za-z]{20}$/, "Not a valid application id");

export const applicationNameSchema = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(100, "Name must be at most 100 characters");

export const applicationDescriptionSchema = z
  .string({ error: "Description must be text" })
  .trim()
  .max(500, "Description must be at most 500 characters");

export const createApplicationSchema = z
  .object({
    name: applicationNameSchema,
    description: applicationDescriptionSchema.optional(),
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }),
  })
  .strict();
export type CreateApplicationInput = z.input<typeof createApplicationSchema>;

export const updateApplicationSchema = z
  .object({
    name: applicationNameSchema.optional(),
    description: applicationDescriptionSchema.nullable().optional(),
    // Credentials were validated for the environment: it is fixed at creation.
    environment: z.never({ error: "An application's environment cannot be changed; create a new application" }).optional(),
  })
  .strict();
export type UpdateApplicationInput = z.input<typeof updateApplicationSchema>;

export const providerNameSchema = z.enum(PROVIDER_NAMES, {
  error: `Unknown provider; choose one of ${PROVIDER_NAMES.join(", ")}`,
});

// Emptiness is checked with the format, so one response lists every problem.
const secretString = z.string({ error: "The key is required" }).trim().max(1024, "The key is too long");

function checkSecret(provider: ProviderName, environment: Environment, value: string): string | null {
  if (!value) return `${PROVIDERS[provider].secretLabel} is required`;
  return PROVIDERS[provider].checkSecret(value, environment);
}

/** A provider configuration: its secret as `apiKey` plus its public fields, checked for the application's environment. */
export function credentialInputSchema(provider: ProviderName, environment: Environment) {
  const def = PROVIDERS[provider];
  const shape: Record<string, z.ZodType<string | undefined>> = { apiKey: secretString };
  for (const field of def.publicFields) {
    shape[field.name] = z.string({ error: `${field.label} must be text` }).trim().max(200, `${field.label} is too long`).optional();
  }
  return z
    .object(shape)
    .strict()
    .superRefine((value, ctx) => {
      const secretError = checkSecret(provider, environment, String(value.apiKey));
      if (secretError) ctx.addIssue({ code: "custom", path: ["apiKey"], message: secretError });
      for (const field of def.publicFields) {
        const v = value[field.name];
        if (!v) {
          if (field.required(environment)) ctx.addIssue({ code: "custom", path: [field.name], message: `${field.label} is required` });
          continue;
        }
        if (field.onlyFor && field.onlyFor !== environment) {
          ctx.addIssue({ code: "custom", path: [field.name], message: `${field.label} is for ${field.onlyFor} applications only; leave it empty` });
          continue;
        }
        const error = field.check(v, environment);
        if (error) ctx.addIssue({ code: "custom", path: [field.name], message: error });
      }
    })
    .transform((value) => ({
      apiKey: String(value.apiKey),
      publicFields: Object.fromEntries(
        def.publicFields.flatMap((f) => (value[f.name] ? [[f.name, value[f.name] as string]] : [])),
      ) as Record<string, string>,
    }));
}
export type CredentialInput = { apiKey: string; publicFields: Record<string, string> };
/** A provider configuration as sent: `apiKey` plus the provider's public fields (rotation sends `apiKey` alone). */
export type CredentialFieldsInput = z.input<ReturnType<typeof credentialInputSchema>>;

/** Rotation replaces the secret only: `{ "apiKey": "…" }`. */
export function rotateKeySchema(provider: ProviderName, environment: Environment) {
  return z
    .object({ apiKey: secretString })
    .strict()
    .superRefine((value, ctx) => {
      const error = checkSecret(provider, environment, value.apiKey);
      if (error) ctx.addIssue({ code: "custom", path: ["apiKey"], message: error });
    });
}

export const decryptPurposeSchema = z.string().trim().min(1).max(200).optional();

export const listApplicationsQuerySchema = z
  .object({
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }).optional(),
    limit: z.coerce.number({ error: "limit must be a number" }).int("limit must be a whole number").min(1).max(100).default(25),
    /** Id of the last application of the previous page (newest first). */
    startingAfter: z.string().regex(/^app_[0-9A-Za-z]{20}$/, "Not a valid application id").optional(),
  })
  .strict();
export type ListApplicationsQuery = z.input<typeof listApplicationsQuerySchema>;
