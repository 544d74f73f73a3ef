"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, Input, Select } from "@/components/ui/field";
import { EXPIRY_PRESETS } from "@/lib/validations/api-key";

/** Expiry as a preset (never, 7/30/90 days) or a custom date, shared by the create and edit forms. */
export function ExpiryFields({
  preset,
  presetField,
  customField,
  presetError,
  customError,
  keepLabel,
  hint,
}: {
  preset: string;
  presetField: UseFormRegisterReturn;
  customField: UseFormRegisterReturn;
  presetError?: string;
  customError?: string;
  /** Offer to leave the expiry unchanged (edit form). */
  keepLabel?: string;
  hint?: string;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field label="Expires" error={presetError} hint={hint}>
        {(p) => (
          <Select {...p} {...presetField}>
            {keepLabel && <option value="keep">{keepLabel}</option>}
            {EXPIRY_PRESETS.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </Select>
        )}
      </Field>
      {preset === "custom" && (
        <Field label="Expiry date" error={customError}>
          {(p) => <Input {...p} type="date" {...customField} />}
        </Field>
      )}
    </div>
  );
}
