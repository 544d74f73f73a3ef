import { z } from "zod";
import { ENVIRONMENTS, KEY_TYPES } from "@/lib/api-keys/kinds";
import type { ApiKeyView } from "@/lib/api-keys/service";
import type { CreateApiKeyInput, KeyCursorQuery, UpdateApiKeyInput } from "@/lib/validations/api-key";
import {
  KEY_STATUSES,
  MAX_GRACE_SECONDS,
  allowedIpListSchema,
  keyDescriptionSchema,
  keyIdSchema,
  keyNameSchema,
  metadataSchema,
  scopeSchema,
} from "@/lib/validations/api-key";
import { boundedInt, expiryInput, expiryToDate, intFormat, limitParam, listSchema, objectId, text, toUnix, unixTimestamp } from "./common";

const keyId = keyIdSchema.meta({ description: "The key's id", example: "key_4eC39HqLyjWDarjtT1zd" });
const permissions = z
  .array(scopeSchema)
  .max(100)
  .meta({ description: "Scopes such as api_keys:read. Only restricted keys choose theirs; secret keys hold all, publishable keys the browser-safe ones.", example: ["api_keys:read"] });
const metadata = metadataSchema.meta({ description: "Up to 50 string pairs for your own use", example: { team: "payments" } });

const allowedIps = allowedIpListSchema.meta({
  description:
    "Secret and restricted keys only: the IPv4 and IPv6 addresses and CIDR ranges the key may be used from, at most 100. null (or an empty list) allows any IP. A request from elsewhere is refused with 403.",
  example: ["203.0.113.0/24", "2001:db8::/32", "198.51.100.7"],
});

export const apiKeyIdParams = z.object({ id: keyId });

// ---- objects -------------------------------------------------------------

export const apiKeyObject = z.object({
  id: keyId,
  object: z.literal("api_key"),
  name: text(100).meta({ example: "CI deploy" }),
  description: text(256).nullable(),
  type: z.enum(KEY_TYPES),
  environment: z.enum(ENVIRONMENTS),
  prefix: text(32).meta({ description: "The visible start of the key", example: "sk_test_4eC3" }),
  public_value: text(128).nullable().meta({ description: "The whole key, for publishable keys only (they are not secret)" }),
  permissions: z.array(text(64)).max(100),
  status: z.enum(KEY_STATUSES),
  created_at: unixTimestamp,
  created_by: text(254).nullable().meta({ description: "Who created the key: a person's email, a key's name or the command line" }),
  expires_at: unixTimestamp.nullable(),
  disabled_at: unixTimestamp.nullable().meta({ description: "When the key was disabled (paused); null while it is not. A disabled key is refused like an invalid one." }),
  last_used_at: unixTimestamp.nullable(),
  last_used_ip: text(64).nullable(),
  metadata: z.record(text(40), text(500)),
  refreshable: z.boolean(),
  rolled_from: objectId("key").nullable().meta({ description: "The key this one replaced" }),
  replaced_by: objectId("key").nullable().meta({ description: "The key that replaced this one" }),
  allowed_ips: z.array(text(64)).max(100).nullable().meta({ description: "Addresses and CIDR ranges the key may be used from; null for any" }),
  denied_count: boundedInt(0, Number.MAX_SAFE_INTEGER).meta({ description: "Requests refused because they came from outside allowed_ips" }),
  last_denied_at: unixTimestamp.nullable(),
  last_denied_ip: text(64).nullable(),
});
export type ApiKeyObject = z.infer<typeof apiKeyObject>;

export function serializeApiKey(view: ApiKeyView): ApiKeyObject {
  return {
    id: view.id,
    object: "api_key",
    name: view.name,
    description: view.description,
    type: view.type,
    environment: view.environment,
    prefix: view.prefix,
    public_value: view.publicValue,
    permissions: view.permissions,
    status: view.status,
    created_at: toUnix(view.createdAt),
    created_by: view.createdBy,
    expires_at: toUnix(view.expiresAt),
    disabled_at: toUnix(view.disabledAt),
    last_used_at: toUnix(view.lastUsedAt),
    last_used_ip: view.lastUsedIp,
    metadata: view.metadata,
    refreshable: view.refreshable,
    rolled_from: view.rolledFromId,
    replaced_by: view.replacedById,
    allowed_ips: view.allowedIps,
    denied_count: view.deniedCount,
    last_denied_at: toUnix(view.lastDeniedAt),
    last_denied_ip: view.lastDeniedIp,
  };
}

const secretField = text(128).nullable().meta({
  description:
    "The whole key. Returned once, in this response only. A replay of the request (same Idempotency-Key) returns null here and secret_already_returned: true.",
  example: "sk_test_4eC39HqLyjWDarjtT1zd7dc4Xy1qPQ0uLm9fZk0aBC12xy",
});
const alreadyReturned = z
  .literal(true)
  .optional()
  .meta({ description: "Present on replays: the secret was returned by the first response and is not repeated" });
const refreshTokenField = text(128).nullable().meta({
  description: "Refresh token (refreshable keys): exchange it at POST /api/v1/api-keys/refresh. Returned once.",
  example: "rt_test_Xb7kP2mQ9vL4sT8wN1cR6yH3jF5gD0aZeUiOpAsDf",
});

export const createdApiKeyObject = apiKeyObject.extend({
  secret: secretField,
  secret_already_returned: alreadyReturned,
  refresh_token: refreshTokenField.optional(),
  refresh_token_expires_at: unixTimestamp.optional(),
  publishable_key: text(128).nullable().optional().meta({ description: "The publishable key paired with a refreshable key" }),
});

export const regeneratedApiKeyObject = apiKeyObject.extend({
  secret: secretField,
  secret_already_returned: alreadyReturned,
  previous_key: z.object({
    id: keyId,
    expires_at: unixTimestamp.meta({ description: "When the previous secret stops working" }),
  }),
});

export const refreshResultObject = z.object({
  object: z.literal("api_key_refresh"),
  api_key: apiKeyObject,
  secret: secretField,
  secret_already_returned: alreadyReturned,
  refresh_token: refreshTokenField,
  publishable_key: text(128).nullable().meta({ description: "The unchanged publishable key of the pair, if there is one" }),
  api_key_expires_at: unixTimestamp,
  refresh_token_expires_at: unixTimestamp,
  previous_key: z.object({
    id: keyId,
    expires_at: unixTimestamp.meta({ description: "The previous secret works for 5 more minutes, then expires" }),
  }),
});

export const apiKeyList = listSchema(apiKeyObject);

// ---- requests ------------------------------------------------------------

export const createApiKeyBody = z
  .object({
    name: keyNameSchema.meta({ example: "CI deploy" }),
    description: keyDescriptionSchema.optional(),
    type: z.enum(KEY_TYPES, { error: "Choose publishable, secret or restricted" }),
    environment: z.enum(ENVIRONMENTS, { error: "Choose test or live" }),
    permissions: permissions.optional(),
    expires_at: expiryInput.optional(),
    metadata: metadata.optional(),
    allowed_ips: allowedIps.optional(),
    refreshable: z
      .boolean()
      .optional()
      .meta({ description: "Secret and restricted keys only: expire after 30 days (unless expires_at says otherwise) and come with a refresh token valid for a year" }),
    publishable_key_id: keyIdSchema
      .optional()
      .meta({ description: "Refreshable keys only: a publishable key of the same environment to pair with; refreshes return it unchanged" }),
  })
  .strict();

/** The key service's create input. */
export function toCreateInput(body: z.infer<typeof createApiKeyBody>): CreateApiKeyInput {
  // A create body's description is never null (only an update's can be).
  const { description, ...fields } = editableFields(body);
  return { ...fields, ...(typeof description === "string" ? { description } : {}), name: body.name, type: body.type, environment: body.environment };
}

/** The fields create and update share, in the service's names; absent fields stay absent. */
function editableFields(body: z.infer<typeof updateApiKeyBody>): UpdateApiKeyInput {
  const input: UpdateApiKeyInput = {};
  if (body.name !== undefined) input.name = body.name;
  if (body.description !== undefined) input.description = body.description;
  if (body.permissions !== undefined) input.permissions = body.permissions;
  if (body.metadata !== undefined) input.metadata = body.metadata;
  if (body.allowed_ips !== undefined) input.allowedIps = body.allowed_ips;
  const expiresAt = expiryToDate(body.expires_at);
  if (expiresAt !== undefined) input.expiresAt = expiresAt;
  return input;
}

export const updateApiKeyBody = z
  .object({
    name: keyNameSchema.optional(),
    description: keyDescriptionSchema.nullable().optional(),
    permissions: permissions.optional().meta({ description: "Restricted keys only" }),
    expires_at: expiryInput.optional(),
    metadata: metadata.optional().meta({ description: "Replaces the whole metadata object" }),
    allowed_ips: allowedIps.optional().meta({ description: "Replaces the whole allowlist; null allows any IP" }),
  })
  .strict();

export function toUpdateInput(body: z.infer<typeof updateApiKeyBody>): UpdateApiKeyInput {
  return editableFields(body);
}

export const regenerateApiKeyBody = z
  .object({
    expire_previous_in: z
      .number({ error: "expire_previous_in must be a number of seconds" })
      .int("expire_previous_in must be whole seconds")
      .min(0, "expire_previous_in cannot be negative")
      .max(MAX_GRACE_SECONDS, "expire_previous_in is at most 30 days (2592000 seconds)")
      .meta(intFormat(0, MAX_GRACE_SECONDS))
      .optional()
      .meta({ description: "Seconds the old secret keeps working, 0 (default: at once) to 2592000 (30 days)", example: 3600 }),
  })
  .strict();

export const refreshBody = z
  .object({
    token: z.string({ error: "token must be a string" }).min(1, "token is required").max(200).meta({ description: "The refresh token" }),
  })
  .strict();

export const listApiKeysQuery = z
  .object({
    limit: limitParam,
    starting_after: keyIdSchema.optional().meta({ description: "The id of the last key of the previous page" }),
    environment: z.enum(ENVIRONMENTS).optional().meta({ description: "An API key always sees its own environment only" }),
    status: z.enum(KEY_STATUSES).optional(),
    type: z.enum(KEY_TYPES).optional(),
  })
  .strict();

export function toListQuery(q: z.infer<typeof listApiKeysQuery>): KeyCursorQuery {
  return { limit: q.limit, startingAfter: q.starting_after, environment: q.environment, status: q.status, type: q.type };
}
