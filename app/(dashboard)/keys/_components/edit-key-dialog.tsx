"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { formatDateTime } from "@/lib/utils/format";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { editKeyFormSchema, toUpdateApiKeyInput, type EditKeyForm } from "@/lib/validations/api-key-form";
import { useUpdateKey } from "../hooks/use-key-mutations";
import { PermissionPicker } from "./permission-picker";
import { AllowedIpsField } from "./allowed-ips-field";
import { ExpiryFields } from "./expiry-fields";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";

export function EditKeyDialog({
  keyView: key,
  labelsOnly,
  scopeCatalog,
  onClose,
}: {
  keyView: ApiKeyView;
  /** Support staff may only change names and descriptions. */
  labelsOnly: boolean;
  scopeCatalog: { id: string; label: string }[];
  onClose: () => void;
}) {
  const update = useUpdateKey();
  const form = useForm<EditKeyForm>({
    resolver: zodResolver(editKeyFormSchema),
    defaultValues: {
      name: key.name,
      description: key.description ?? "",
      permissions: key.permissions,
      expiryPreset: "keep",
      customExpiry: "",
      allowedIps: key.allowedIps?.join("\n") ?? "",
    },
  });
  const { register, handleSubmit, formState, control, setError } = form;
  const preset = useWatch({ control, name: "expiryPreset" });
  const restricted = key.type === "restricted";
  const allowlist = key.type !== "publishable";

  const onSubmit = handleSubmit(async (values) => {
    try {
      await update.mutateAsync({ id: key.id, changes: toUpdateApiKeyInput(values, { restricted, labelsOnly, allowlist }) });
      onClose();
    } catch (err) {
      const result = (err as { result?: { error: string; fieldErrors?: Record<string, string[]> } }).result;
      const fields = Object.entries(result?.fieldErrors ?? {});
      if (fields.length) {
        for (const [field, messages] of fields) {
          const name = field === "expiresAt" ? "customExpiry" : field.startsWith("allowedIps") ? "allowedIps" : field;
          setError((["name", "description", "permissions", "customExpiry", "allowedIps"].includes(name) ? name : "root") as keyof EditKeyForm, {
            message: messages[0],
          });
        }
      } else setError("root", { message: result?.error ?? "Could not save" });
    }
  });

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Edit “${key.name}”`} wide>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Name" error={formState.errors.name?.message}>
          {(p) => <Input {...p} {...register("name")} maxLength={120} />}
        </Field>
        <Field label="Description" error={formState.errors.description?.message}>
          {(p) => <Textarea {...p} {...register("description")} rows={2} />}
        </Field>
        {!labelsOnly && restricted && (
          <div className="space-y-1">
            <p className="text-sm font-medium">Permissions</p>
            <Controller
              control={control}
              name="permissions"
              render={({ field }) => <PermissionPicker catalog={scopeCatalog} value={field.value} onChange={field.onChange} />}
            />
            {formState.errors.permissions && <p className="text-xs text-red-600">{formState.errors.permissions.message}</p>}
          </div>
        )}
        {!labelsOnly && allowlist && (
          <AllowedIpsField field={register("allowedIps")} error={formState.errors.allowedIps?.message} />
        )}
        {!labelsOnly && (
          <ExpiryFields
            preset={preset}
            presetField={register("expiryPreset")}
            customField={register("customExpiry")}
            customError={formState.errors.customExpiry?.message}
            keepLabel="Keep current expiry"
            hint={key.expiresAt ? `Currently ${formatDateTime(key.expiresAt)}` : "Currently never"}
          />
        )}
        {formState.errors.root && (
          <FormAlert>
            {formState.errors.root.message}
          </FormAlert>
        )}
        <DialogActions onCancel={onClose} label="Save changes" pendingLabel="Saving…" pending={formState.isSubmitting} />
      </form>
    </Dialog>
  );
}
