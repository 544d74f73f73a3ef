import ipaddr from "ipaddr.js";
import { z } from "zod";
import { ENVIRONMENTS, KEY_TYPES } from "@/lib/api-keys/kinds";
import { boundedInt, objectId, unixTimestamp } from "./common";

/** POST /api/v1/keys/verify: what a gateway asks about a key its client presented. */
export const verifyKeyRequestSchema = z
  .object({
    key: z.string().min(1).max(200).describe("The API key the end client presented, as received."),
    permissions: z
      .array(z.string().regex(/^[a-z_]{1,40}:(read|write)$/).max(46))
      .max(50)
      .optional()
      .describe("Permissions the call needs; the key must hold every one (a write permission implies read)."),
    ip: z
      .string()
      .max(64)
      .refine((v) => ipaddr.IPv4.isValidFourPartDecimal(v) || ipaddr.IPv6.isValid(v), "Must be an IPv4 or IPv6 address")
      .optional()
      .describe("The end client's IP address, checked against the key's allowlist and recorded as its last use."),
  })
  .strict();

export type VerifyKeyRequest = z.infer<typeof verifyKeyRequestSchema>;

export const VERIFY_FAILURE_CODES = ["not_found", "forbidden_ip", "insufficient_permissions", "rate_limited"] as const;
export type VerifyFailureCode = (typeof VERIFY_FAILURE_CODES)[number];

export const verifyKeyValidSchema = z.object({
  valid: z.literal(true),
  code: z.literal("valid"),
  key_id: objectId("key"),
  merchant: objectId("mer"),
  type: z.enum(KEY_TYPES),
  environment: z.enum(ENVIRONMENTS),
  permissions: z.array(z.string().max(64)).max(100),
  expires_at: unixTimestamp.nullable(),
  rate_limit: z.object({
    limit: boundedInt(1, 2_147_483_647),
    remaining: boundedInt(0, 2_147_483_647),
    reset: boundedInt(0, 2_147_483_647).describe("Seconds until the key's rate-limit window resets"),
  }),
});

export const verifyKeyInvalidSchema = z.object({
  valid: z.literal(false),
  code: z
    .enum(VERIFY_FAILURE_CODES)
    .describe(
      "not_found: unknown, revoked, disabled or expired (alike); forbidden_ip: outside the key's allowlist; insufficient_permissions: a requested permission is missing; rate_limited: the key's rate limit is spent.",
    ),
});

export type VerifyKeyResult = z.infer<typeof verifyKeyValidSchema> | z.infer<typeof verifyKeyInvalidSchema>;
