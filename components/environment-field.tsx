"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import { Field, Select } from "@/components/ui/field";
import type { Environment } from "@/lib/api-keys/kinds";

/** The "Environment" select of create forms, offering only the environments the member may write. */
export function EnvironmentField({
  environments,
  field,
  hint,
  error,
}: {
  environments: Environment[];
  /** register("environment") of the form. */
  field: UseFormRegisterReturn;
  hint: string;
  error?: string;
}) {
  return (
    <Field label="Environment" hint={hint} error={error}>
      {(p) => (
        <Select {...p} {...field}>
          {environments.map((env) => (
            <option key={env} value={env}>
              {env === "test" ? "Test" : "Live"}
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
