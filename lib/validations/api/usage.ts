import { z } from "zod";
import type { KeyUsage } from "@/lib/api-keys/usage-queries";
import { keyIdSchema } from "@/lib/validations/api-key";
import { boundedInt, dateParam, toUnix, unixTimestamp } from "./common";

export const keyUsageQuery = z
  .object({
    granularity: z
      .enum(["hour", "day"], { error: "granularity must be hour or day" })
      .optional()
      .meta({ description: "One point per hour (ranges up to 7 days) or per UTC day (up to 90 days). Default: day", example: "hour" }),
    from: dateParam
      .optional()
      .meta({ description: "Start of the range (rounded down to its hour or day). Default: 24 hours (hour) or 30 days (day) before `to`" }),
    to: dateParam
      .optional()
      .meta({ description: "End of the range, exclusive (rounded up to the end of its hour or day). Default: the end of the current hour or day" }),
  })
  .strict();

const MAX_POINTS = 168;

export const keyUsageObject = z.object({
  object: z.literal("api_key_usage"),
  api_key: keyIdSchema.meta({ example: "key_4eC39HqLyjWDarjtT1zd" }),
  granularity: z.enum(["hour", "day"]),
  from: unixTimestamp.meta({ description: "Start of the first bucket (Unix seconds)" }),
  to: unixTimestamp.meta({ description: "End of the last bucket, exclusive (Unix seconds)" }),
  total: boundedInt(0, Number.MAX_SAFE_INTEGER).meta({ description: "Successful requests in the range" }),
  data: z
    .array(
      z.object({
        start: unixTimestamp.meta({ description: "Start of the hour or UTC day" }),
        count: boundedInt(0, Number.MAX_SAFE_INTEGER).meta({ description: "Successful requests authenticated by the key" }),
      }),
    )
    .max(MAX_POINTS)
    .meta({ description: "One point per bucket, oldest first; buckets without requests count 0" }),
});

export function serializeKeyUsage(usage: KeyUsage): z.infer<typeof keyUsageObject> {
  return {
    object: "api_key_usage",
    api_key: usage.keyId,
    granularity: usage.granularity,
    from: toUnix(usage.from),
    to: toUnix(usage.to),
    total: usage.total,
    data: usage.points.map((p) => ({ start: toUnix(p.start), count: p.count })),
  };
}
