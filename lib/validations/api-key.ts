import { z } from "zod";
import { ENVIRONMENTS, KEY_TYPES } from "@/lib/api-keys/kinds";
import { ALL_SCOPES } from "@/lib/permissions";
import { MAX_ALLOWED_IPS, MAX_ALLOWED_IP_LENGTH, isAllowlistEntry, normalizeAllowlist } from "@/lib/api-keys/ip-allowlist";

/** One schema per input, shared by the dashboard forms, the server actions and the REST API. */

export const keyIdSchema = z.string().max(24, "Not a valid key id").regex(/^key_[0-9A-Za-z]{20}$/, "Not a valid key id");

export const keyNameSchema = z
  .string()
  .trim()
  .min(1, "Name is required")
  .max(100, "Name must be at most 100 characters");

export const keyDescriptionSchema = z.string().trim().max(256, "Description must be at most 256 characters");

export const scopeSchema = z.enum(ALL_SCOPES as [string, ...string[]], { error: "Unknown permission" });

export const metadataSchema = z
  .record(
    z.string().min(1, "Metadata keys cannot be empty").max(40, "Metadata keys are at most 40 characters"),
    z.string().max(500, "Metadata values are at most 500 characters"),
  )
  .refine((m) => Object.keys(m).length <= 50, "At most 50 metadata entries");

/** An expiry: null for never, or a moment that must still be in the future. */
export const expiresAtSchema = z
  .union([z.null(), z.coerce.date({ error: "Expiry must be a date" })])
  .refine((d) => d === null || d.getTime() > Date.now(), "Expiry must be in the future")
  .refine((d) => d === null || d.getTime() < Date.now() + 5 * 366 * 86_400_000, "Expiry must be within 5 years");

export const allowedIpEntrySchema = z
  .string()
  .trim()
  .max(MAX_ALLOWED_IP_LENGTH, `An entry is at most ${MAX_ALLOWED_IP_LENGTH} characters`)
  .refine(isAllowlistEntry, "Not an IP address or CIDR range");

/** IP addresses and CIDR ranges a key may be used from; null (or an empty list) for any. */
export const allowedIpListSchema = z
  .array(allowedIpEntrySchema)
  .max(MAX_ALLOWED_IPS, `At most ${MAX_ALLOWED_IPS} IP addresses or ranges`)
  .nullable();

const allowedIpsSchema = allowedIpListSchema.transform((list) => (list === null ? null : normalizeAllowlist(list)));

export const PUBLISHABLE_ALLOWLIST_ERROR = "Publishable keys are used from browsers and cannot be limited to IP addresses";

export const createApiKeySchema = z
  .object({
    name: keyNameSchema,
    description: keyDescriptionSchema.optional(),
    type: z.enum(KEY_TYPES, { error: "Choose publishable, secret or restricted" }),
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }),
    permissions: z.array(scopeSchema).max(ALL_SCOPES.length).default([]),
    expiresAt: expiresAtSchema.default(null),
    metadata: metadataSchema.default({}),
    allowedIps: allowedIpsSchema.default(null),
  })
  .strict()
  .refine((v) => v.type !== "restricted" || v.permissions.length > 0, {
    path: ["permissions"],
    message: "A restricted key needs at least one permission",
  })
  .refine((v) => v.type !== "publishable" || v.allowedIps === null, { path: ["allowedIps"], message: PUBLISHABLE_ALLOWLIST_ERROR });
export type CreateApiKeyInput = z.input<typeof createApiKeySchema>;
export type CreateApiKey = z.output<typeof createApiKeySchema>;

export const updateApiKeySchema = z
  .object({
    name: keyNameSchema.optional(),
    description: keyDescriptionSchema.nullable().optional(),
    permissions: z.array(scopeSchema).max(ALL_SCOPES.length).optional(),
    expiresAt: expiresAtSchema.optional(),
    metadata: metadataSchema.optional(),
    allowedIps: allowedIpsSchema.optional(),
  })
  .strict();
export type UpdateApiKey = z.output<typeof updateApiKeySchema>;
export type UpdateApiKeyInput = z.input<typeof updateApiKeySchema>;

/** Grace periods offered when rolling a key, in seconds. */
export const ROLL_GRACE_OPTIONS = [
  { seconds: 0, label: "Now" },
  { seconds: 3600, label: "In 1 hour" },
  { seconds: 86_400, label: "In 24 hours" },
  { seconds: 3 * 86_400, label: "In 3 days" },
  { seconds: 7 * 86_400, label: "In 7 days" },
  { seconds: 30 * 86_400, label: "In 30 days" },
] as const;
export const MAX_GRACE_SECONDS = 30 * 86_400;

export const rollApiKeySchema = z
  .object({
    expirePreviousIn: z.coerce
      .number({ error: "Grace period must be a number of seconds" })
      .int("Grace period must be whole seconds")
      .min(0, "Grace period cannot be negative")
      .max(MAX_GRACE_SECONDS, "Grace period is at most 30 days"),
  })
  .strict();
export type RollApiKeyInput = z.input<typeof rollApiKeySchema>;

/** "This was me": the key and the address its new-IP alert is about. */
export const acknowledgeNewIpSchema = z
  .object({
    keyId: z.unknown(),
    ip: z.string({ error: "Choose the address" }).trim().min(1, "Choose the address").max(64, "Not a valid address"),
  })
  .strict();
export type AcknowledgeNewIpInput = z.input<typeof acknowledgeNewIpSchema> & { keyId: string };

export const KEY_STATUSES = ["active", "expiring", "disabled", "expired", "revoked"] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const listApiKeysSchema = z.object({
  environment: z.enum(ENVIRONMENTS).default("test"),
  /** "current" (the default) is every key not revoked or expired: active, expiring and disabled ones. */
  status: z.enum(["current", "all", ...KEY_STATUSES]).default("current"),
  type: z.enum(KEY_TYPES).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(25),
});
export type ListApiKeysQuery = z.input<typeof listApiKeysSchema>;

/** The API's view of the same list: newest first, by cursor. Without an environment a member sees both. */
export const keyCursorQuerySchema = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(25),
    /** Id of the last key of the previous page (keys are newest first). */
    startingAfter: keyIdSchema.optional(),
    environment: z.enum(ENVIRONMENTS).optional(),
    status: z.enum(KEY_STATUSES).optional(),
    type: z.enum(KEY_TYPES).optional(),
  })
  .strict();
export type KeyCursorQuery = z.input<typeof keyCursorQuerySchema>;

/** Expiry presets offered by the forms. */
export const EXPIRY_PRESETS = [
  { value: "never", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "custom", label: "Custom date" },
] as const;
