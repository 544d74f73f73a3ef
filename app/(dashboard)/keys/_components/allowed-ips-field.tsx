"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, Textarea } from "@/components/ui/field";

/** The IP allowlist of a secret or restricted key, shared by the create and edit forms. */
export function AllowedIpsField({ field, error }: { field: UseFormRegisterReturn; error?: string }) {
  return (
    <Field
      label="Allowed IPs"
      error={error}
      hint="Leave empty to allow any IP. One address or CIDR range per line, or comma separated, e.g. 203.0.113.0/24 or 2001:db8::/32. At most 100."
    >
      {(p) => (
        <Textarea
          {...p}
          {...field}
          rows={3}
          spellCheck={false}
          autoCapitalize="off"
          autoCorrect="off"
          className="font-mono text-xs"
          placeholder={"203.0.113.0/24\n198.51.100.7"}
        />
      )}
    </Field>
  );
}
