import { z } from "zod";

/**
 * Leak reports in the GitHub secret-scanning partner format: a JSON array of
 * { token, type, url, source }. Unknown fields are dropped rather than
 * refused (unlike the rest of the API): a scanner adding a field must not
 * stop a leaked key from being revoked.
 */
export const MAX_REPORTS = 100;

export const LEAK_LABELS = ["true_positive", "false_positive"] as const;
export type LeakLabel = (typeof LEAK_LABELS)[number];

const sourceUrl = z
  .union([z.literal(""), z.url({ protocol: /^https?$/, error: "url must be an http(s) URL" }).max(2048, "url must be at most 2048 characters")])
  .nullish()
  .transform((v) => v || null)
  .meta({
    description: "Where the token was found (shown to the merchant in the audit log); http(s) only, may be empty",
    example: "https://github.com/octocat/hello-world/blob/12345600b9cbe38a219f39a9941c9319b600c002/config.js",
  });

export const leakReportItem = z.object({
  token: z
    .string({ error: "token must be a string" })
    .min(1, "token must not be empty")
    .max(1024, "token must be at most 1024 characters")
    .meta({ description: "The matched string. Never stored, never echoed back.", example: "sk_live_…" }),
  type: z
    .string({ error: "type must be a string" })
    .min(1, "type must not be empty")
    .max(100, "type must be at most 100 characters")
    .meta({ description: "The scanner's name for the pattern that matched", example: "keyward_secret_key" }),
  url: sourceUrl,
  source: z
    .string({ error: "source must be a string" })
    .max(100, "source must be at most 100 characters")
    .nullish()
    .transform((v) => v || null)
    .meta({ description: "Where on the scanner's platform the token was found", example: "content" }),
});

export const leakReportBatch = z
  .array(leakReportItem, { error: "The body must be a JSON array of reports" })
  .min(1, "Send at least one report")
  .max(MAX_REPORTS, `Send at most ${MAX_REPORTS} reports per request`);

export type LeakReport = z.output<typeof leakReportItem>;

export const leakReportResult = z.object({
  token_hash: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .max(64)
    .meta({ description: "SHA-256 of the reported token, lowercase hex (the token itself is never echoed)", example: "3b4c1f1e6f6a5d0e2f9c8b7a6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e" }),
  token_type: z.string().max(100).meta({ description: "The report's type, as sent", example: "keyward_secret_key" }),
  label: z.enum(LEAK_LABELS).meta({
    description:
      "true_positive: a Keyward key (secret and restricted keys are revoked; publishable keys are public by design and stay active). false_positive: not a key this server issued.",
  }),
});

export const leakReportResults = z.array(leakReportResult).max(MAX_REPORTS);
export type LeakReportResult = z.infer<typeof leakReportResult>;
