import { z } from "zod";

/**
 * Building blocks of the REST API's request and response schemas. Field names
 * are snake_case; timestamps are Unix seconds. The same schemas validate
 * requests and generate the OpenAPI document.
 */

export const unixTimestamp = z.number().int().meta({ description: "Unix timestamp (seconds)", example: 1767225600 });

/** An expiry given by a client: "never", a Unix timestamp, or an ISO 8601 date-time. */
export const expiryInput = z
  .union([
    z.literal("never"),
    z.number({ error: "expires_at must be \"never\", a Unix timestamp or an ISO 8601 date-time" }).int().positive(),
    z.iso.datetime({ offset: true, error: "expires_at must be \"never\", a Unix timestamp or an ISO 8601 date-time" }),
  ])
  .meta({
    description: 'When the key stops working: "never", a Unix timestamp (seconds) or an ISO 8601 date-time. Must be in the future and within 5 years.',
    example: 1767225600,
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

export const limitParam = z.coerce
  .number({ error: "limit must be a number" })
  .int("limit must be a whole number")
  .min(1, "limit must be at least 1")
  .max(100, "limit must be at most 100")
  .optional()
  .meta({ description: "Page size, 1 to 100 (default 25)", example: 25 });

export const problemSchema = z
  .object({
    type: z.string().meta({ example: "https://keyward.dev/problems/validation-failed" }),
    title: z.string().meta({ example: "Validation failed" }),
    status: z.number().int().meta({ example: 422 }),
    detail: z.string().meta({ example: "Some fields are invalid" }),
    errors: z
      .array(z.object({ field: z.string(), messages: z.array(z.string()) }))
      .optional()
      .meta({ description: "For validation errors: the fields at fault" }),
  })
  .meta({ description: "An RFC 9457 problem details object (application/problem+json)" });

export function listSchema<T extends z.ZodType>(item: T) {
  return z.object({
    object: z.literal("list"),
    data: z.array(item),
    has_more: z.boolean().meta({ description: "Whether another page follows" }),
    next_cursor: z.string().nullable().meta({ description: "Pass as starting_after to get the next page" }),
  });
}
