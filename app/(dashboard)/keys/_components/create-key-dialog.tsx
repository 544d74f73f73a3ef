"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { Plus } from "lucide-react";
import { useRef, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, ReturnFocusContext } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { createKeyFormSchema, toCreateApiKeyInput, type CreateKeyForm } from "@/lib/validations/api-key-form";
import { useCreateKey, useRevealKey } from "../hooks/use-key-mutations";
import { KeyRevealedDialog, type RevealedSecret } from "./key-revealed-dialog";
import { PermissionPicker } from "./permission-picker";
import { AllowedIpsField } from "./allowed-ips-field";
import { ExpiryFields } from "./expiry-fields";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";

const TYPES = [
  { value: "secret", label: "Secret", hint: "Full access from your servers." },
  { value: "restricted", label: "Restricted", hint: "Only the permissions you choose." },
  { value: "publishable", label: "Publishable", hint: "Safe in browsers and apps; identifies your account." },
] as const;

export function CreateKeyButton({
  environment,
  scopeCatalog,
}: {
  environment: "test" | "live";
  scopeCatalog: { id: string; label: string }[];
}) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const create = useCreateKey();
  const reveal = useRevealKey();
  const defaults: CreateKeyForm = {
    name: "",
    description: "",
    type: "secret",
    environment,
    permissions: [],
    expiryPreset: "never",
    customExpiry: "",
    allowedIps: "",
  };
  const form = useForm<CreateKeyForm>({ resolver: zodResolver(createKeyFormSchema), defaultValues: defaults });
  const { register, handleSubmit, formState, control, setError, reset } = form;
  const type = useWatch({ control, name: "type" });
  const preset = useWatch({ control, name: "expiryPreset" });

  /** Closing always starts the next key from a clean form (no stale dates or errors). */
  function close() {
    setOpen(false);
    reset(defaults);
  }

  const onSubmit = handleSubmit(async (values) => {
    try {
      const created = await create.mutateAsync(toCreateApiKeyInput(values));
      close();
      if (created.type === "publishable") {
        toast.success(`Created publishable key “${created.name}”`);
        return;
      }
      // The secret exists only as a pending copy: claim it now, exactly once.
      const shown = await reveal.mutateAsync(created.id);
      setRevealed(shown);
    } catch (err) {
      const result = (err as { result?: { error: string; fieldErrors?: Record<string, string[]> } }).result;
      if (result?.fieldErrors) {
        for (const [field, messages] of Object.entries(result.fieldErrors)) {
          const name = (
            field === "expiresAt" ? "customExpiry" : field.startsWith("allowedIps") ? "allowedIps" : field
          ) as keyof CreateKeyForm;
          setError(name in defaults ? name : "root", { message: messages[0] });
        }
      } else {
        setError("root", { message: result?.error ?? "Could not create the key" });
      }
    }
  });

  return (
    <ReturnFocusContext.Provider value={opener}>
      <Button ref={opener} onClick={() => setOpen(true)}>
        <Plus className="h-4 w-4" aria-hidden /> Create key
      </Button>
      <Dialog open={open} onOpenChange={(o) => (o ? setOpen(true) : close())} title="Create an API key" wide>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <Field label="Name" error={formState.errors.name?.message} hint="Where it is used, e.g. “Checkout server”.">
            {(p) => <Input {...p} {...register("name")} maxLength={120} autoFocus />}
          </Field>
          <Field label="Description (optional)" error={formState.errors.description?.message}>
            {(p) => <Textarea {...p} {...register("description")} rows={2} />}
          </Field>
          <fieldset>
            <legend className="text-sm font-medium">Type</legend>
            <div className="mt-1 grid gap-2 sm:grid-cols-3">
              {TYPES.map((t) => (
                <label key={t.value} className="flex gap-2 rounded-md p-2 text-sm ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
                  <input type="radio" value={t.value} {...register("type")} className="mt-0.5" />
                  <span>
                    <span className="font-medium">{t.label}</span>
                    <span className="block text-xs text-slate-500">{t.hint}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <p className="text-sm" data-testid="create-environment">
            <span className="font-medium">Environment:</span> {environment === "live" ? "Live" : "Test"}{" "}
            <span className="text-slate-500">(the mode of this list; switch mode to create a {environment === "live" ? "test" : "live"} key)</span>
          </p>
          {type === "restricted" && (
            <div className="space-y-1">
              <p className="text-sm font-medium" id="permissions-label">
                Permissions
              </p>
              <Controller
                control={control}
                name="permissions"
                render={({ field }) => (
                  <PermissionPicker catalog={scopeCatalog} value={field.value} onChange={field.onChange} />
                )}
              />
              {formState.errors.permissions && (
                <p className="text-xs text-red-600">{formState.errors.permissions.message ?? "Invalid permissions"}</p>
              )}
            </div>
          )}
          {type !== "publishable" && <AllowedIpsField field={register("allowedIps")} error={formState.errors.allowedIps?.message} />}
          <ExpiryFields
            preset={preset}
            presetField={register("expiryPreset")}
            customField={register("customExpiry")}
            presetError={formState.errors.expiryPreset?.message}
            customError={formState.errors.customExpiry?.message}
          />
          {formState.errors.root && (
            <FormAlert>
              {formState.errors.root.message}
            </FormAlert>
          )}
          <DialogActions onCancel={close} label="Create key" pendingLabel="Creating…" pending={formState.isSubmitting} />
        </form>
      </Dialog>
      <KeyRevealedDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </ReturnFocusContext.Provider>
  );
}
