import { z } from "zod";

/** Inputs of the support console, shared by its forms, server actions and services. */

export const merchantSearchSchema = z.object({
  q: z.string().trim().min(1, "Enter a merchant name, id or member email").max(254, "Search is at most 254 characters"),
});
export type MerchantSearchInput = z.input<typeof merchantSearchSchema>;

// Printable text only: reasons end up in audit logs and CSV exports.
const noControlChars = (s: string) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s);

export const startImpersonationSchema = z
  .object({
    merchantId: z.string().regex(/^mer_[0-9A-Za-z]{20}$/, "Not a valid merchant id"),
    reason: z
      .string()
      .trim()
      .min(10, "Explain why you need access (at least 10 characters)")
      .max(500, "Reason is at most 500 characters")
      .refine(noControlChars, "Reason contains invalid characters"),
    ticketRef: z
      .string()
      .trim()
      .max(64, "Ticket reference is at most 64 characters")
      .regex(/^[\w .#:/-]*$/, "Letters, digits and . # : / - only")
      .optional()
      .transform((v) => (v ? v : null)),
    password: z.string().min(1, "Enter your password").max(200, "Password is at most 200 characters"),
  })
  .strict();

export type StartImpersonationInput = z.input<typeof startImpersonationSchema>;
