import { z } from "zod";

/**
 * Building blocks of the REST API's request and response schemas. Field names
 * are snake_case; timestamps are Unix seconds. The same schemas validate
 * requests and generate the OpenAPI document.
 */

/**
 * Every schema states its bounds (string lengths, array sizes, integer ranges
 * and formats): the OpenAPI document is linted against the OWASP API ruleset,
 * and clients and gateways can reject absurd input before it reaches us.
 */
const INT32_MAX = 2_147_483_647;
/** The last second of year 9999: JavaScript dates and every database we use go that far. */
export const MAX_UNIX_SECONDS = 253_402_300_799;

/** The OpenAPI integer format for a range: int32 when it fits, int64 otherwise. */
export function intFormat(min: number, max: number): { format: "int32" | "int64" } {
  return { format: min >= -INT32_MAX - 1 && max <= INT32_MAX ? "int32" : "int64" };
}

/** A response integer in [min, max], with its format. */
export function boundedInt(min: number, max: number) {
  return z.number().int().min(min).max(max).meta(intFormat(min, max));
}

/** An object id: its prefix, "_" and 20 base62 characters (see lib/ids.ts). */
export function objectId(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9A-Za-z]{20}$`))
    .max(prefix.length + 21);
}

/** Free text we produced (names, labels, messages): bounded generously. */
export const text = (max: number) => z.string().max(max);

export const unixTimestamp = boundedInt(0, MAX_UNIX_SECONDS).meta({ description: "Unix timestamp (seconds)", example: 1767225600 });

/** An expiry given by a client: "never", a Unix timestamp, or an ISO 8601 date-time. */
export const expiryInput = z
  .union([
    z.literal("never"),
    z
      .number({ error: "expires_at must be \"never\", a Unix timestamp or an ISO 8601 date-time" })
      .int()
      .positive()
      .max(MAX_UNIX_SECONDS, "expires_at must be within 5 years")
      .meta(intFormat(1, MAX_UNIX_SECONDS)),
    z.iso
      .datetime({ offset: true, error: "expires_at must be \"never\", a Unix timestamp or an ISO 8601 date-time" })
      .max(40, "expires_at must be \"never\", a Unix timestamp or an ISO 8601 date-time"),
  ])
  .meta({
    description: 'When the key stops working: "never", a Unix timestamp (seconds) or an ISO 8601 date-time. Must be in the future and within 5 years.',
    // A fixed date would pass and the example stop working.
    example: "never",
  });

/** Maps an API expiry to what the key service takes: null for never, a Date otherwise. */
export function expiryToDate(value: z.infer<typeof expiryInput> | undefined): Date | null | undefined {
  if (value === undefined) return undefined;
  if (value === "never") return null;
  return typeof value === "number" ? new Date(value * 1000) : new Date(value);
}

export function toUnix(date: Date): number;
export function toUnix(date: Date | null): number | null;
export function toUnix(date: Date | null): number | null {
  return date ? Math.floor(date.getTime() / 1000) : null;
}

/** A query parameter naming a moment: an ISO 8601 date-time with its offset, or a date (midnight UTC). */
export const dateParam = z.union([z.iso.datetime({ offset: true }).max(40), z.iso.date().max(10)], {
  error: "Use an ISO 8601 date or date-time",
});

export const limitParam = z.coerce
  .number({ error: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(100, "limit must be at most 100")
  .meta(intFormat(1, 100))
  .optional()
  .meta({ description: "Page size, 1 to 100 (default 25)", example: 25 });

export const problemSchema = z
  .object({
    type: z.url().max(200).meta({ example: "https://keyward.dev/problems/validation-failed" }),
    title: text(100).meta({ example: "Validation failed" }),
    status: boundedInt(400, 599).meta({ example: 422 }),
    detail: text(1000).meta({ example: "Some fields are invalid" }),
    errors: z
      .array(z.object({ field: text(300), messages: z.array(text(1000)).max(20) }))
      .max(200)
      .optional()
      .meta({ description: "For validation errors: the fields at fault" }),
  })
  .meta({ description: "An RFC 9457 problem details object (application/problem+json)" });

/** A page of up to 100 items (the largest `limit`). */
export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal("list"),
    data: z.array(item).max(100),
    has_more: z.boolean().meta({ description: "Whether another page follows" }),
    next_cursor: z.string().max(64).nullable().meta({ description: "Pass as starting_after to get the next page" }),
  });
}

/** The body of an action that takes no input: nothing, or an empty object (unknown fields are refused). */
export const emptyBody = z.object({}).strict();
