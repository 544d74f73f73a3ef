import { z } from "zod";
import { ENVIRONMENTS, KEY_TYPES } from "@/lib/api-keys/kinds";
import { MAX_ALLOWED_IPS, isAllowlistEntry, splitAllowlistText } from "@/lib/api-keys/ip-allowlist";
import { keyDescriptionSchema, keyNameSchema, scopeSchema, type CreateApiKeyInput, type UpdateApiKeyInput } from "./api-key";

/** The forms' "Allowed IPs" textarea: entries one a line or separated by commas; empty for any IP. */
export const allowedIpsTextSchema = z
  .string()
  .max(10_000, "Too long")
  .optional()
  .superRefine((text, ctx) => {
    const entries = splitAllowlistText(text ?? "");
    if (entries.length > MAX_ALLOWED_IPS) {
      ctx.addIssue({ code: "custom", message: `At most ${MAX_ALLOWED_IPS} IP addresses or ranges (${entries.length} given)` });
      return;
    }
    const bad = entries.filter((e) => !isAllowlistEntry(e));
    if (bad.length) {
      const shown = bad.slice(0, 3).map((e) => (e.length > 45 ? `${e.slice(0, 45)}…` : e));
      ctx.addIssue({
        code: "custom",
        message: `Not an IP address or CIDR range: ${shown.join(", ")}${bad.length > 3 ? ` and ${bad.length - 3} more` : ""}`,
      });
    }
  });

/** The textarea's entries for the service; null (any IP) when empty. */
export function allowlistFromText(text: string | undefined): string[] | null {
  const entries = splitAllowlistText(text ?? "");
  return entries.length ? entries : null;
}

/** A date input's YYYY-MM-DD means the end of that day, local time. */
export function customExpiryDate(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T23:59:59`) : new Date(value);
}

/**
 * The create-key form's shape: expiry is a preset or a custom date rather
 * than a timestamp. toCreateApiKeyInput maps it onto createApiKeySchema,
 * which the server validates again.
 */
export const expiryChoiceSchema = z
  .object({
    expiryPreset: z.enum(["never", "7", "30", "90", "custom"]),
    customExpiry: z.string().optional(),
  })
  .superRefine((v, ctx) => {
    if (v.expiryPreset !== "custom") return;
    if (!v.customExpiry) {
      ctx.addIssue({ code: "custom", path: ["customExpiry"], message: "Choose an expiry date" });
      return;
    }
    const at = customExpiryDate(v.customExpiry);
    if (Number.isNaN(at.getTime())) ctx.addIssue({ code: "custom", path: ["customExpiry"], message: "Not a valid date" });
    else if (at.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["customExpiry"], message: "Expiry must be in the future" });
    }
  });

export const createKeyFormSchema = z
  .object({
    name: keyNameSchema,
    description: keyDescriptionSchema,
    type: z.enum(KEY_TYPES),
    environment: z.enum(ENVIRONMENTS),
    permissions: z.array(scopeSchema),
    expiryPreset: z.enum(["never", "7", "30", "90", "custom"]),
    customExpiry: z.string().optional(),
    allowedIps: allowedIpsTextSchema,
  })
  .and(expiryChoiceSchema)
  .refine((v) => v.type !== "restricted" || v.permissions.length > 0, {
    path: ["permissions"],
    message: "A restricted key needs at least one permission",
  });
export type CreateKeyForm = z.input<typeof createKeyFormSchema>;

/** Resolves an expiry choice to a date (end of the chosen day for custom dates), or null for never. */
export function expiryFromChoice(preset: string, custom: string | undefined, at = new Date()): Date | null {
  if (preset === "never") return null;
  if (preset === "custom") return custom ? customExpiryDate(custom) : null;
  return new Date(at.getTime() + Number(preset) * 86_400_000);
}

export function toCreateApiKeyInput(form: CreateKeyForm, at = new Date()): CreateApiKeyInput {
  return {
    name: form.name.trim(),
    description: form.description?.trim() || undefined,
    type: form.type,
    environment: form.environment,
    permissions: form.type === "restricted" ? form.permissions : [],
    expiresAt: expiryFromChoice(form.expiryPreset, form.customExpiry, at),
    metadata: {},
    allowedIps: form.type === "publishable" ? null : allowlistFromText(form.allowedIps),
  };
}

export const editKeyFormSchema = z
  .object({
    name: keyNameSchema,
    description: keyDescriptionSchema,
    permissions: z.array(scopeSchema),
    expiryPreset: z.enum(["keep", "never", "7", "30", "90", "custom"]),
    customExpiry: z.string().optional(),
    allowedIps: allowedIpsTextSchema,
  })
  .superRefine((v, ctx) => {
    if (v.expiryPreset !== "custom") return;
    const at = v.customExpiry ? customExpiryDate(v.customExpiry) : null;
    if (!at || Number.isNaN(at.getTime())) ctx.addIssue({ code: "custom", path: ["customExpiry"], message: "Choose an expiry date" });
    else if (at.getTime() <= Date.now()) {
      ctx.addIssue({ code: "custom", path: ["customExpiry"], message: "Expiry must be in the future" });
    }
  });
export type EditKeyForm = z.input<typeof editKeyFormSchema>;

/** Only the fields the user may and did change; permissions only for restricted keys, allowed IPs not for publishable ones. */
export function toUpdateApiKeyInput(
  form: EditKeyForm,
  opts: { restricted: boolean; labelsOnly: boolean; allowlist?: boolean },
  at = new Date(),
): UpdateApiKeyInput {
  const out: UpdateApiKeyInput = { name: form.name.trim(), description: form.description.trim() || null };
  if (opts.labelsOnly) return out;
  if (opts.restricted) out.permissions = form.permissions;
  if (opts.allowlist && form.allowedIps !== undefined) out.allowedIps = allowlistFromText(form.allowedIps);
  if (form.expiryPreset !== "keep") out.expiresAt = expiryFromChoice(form.expiryPreset, form.customExpiry, at);
  return out;
}
