"use client";

import { KeyRound, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";
import { fieldsNamed, showActionFailure } from "@/components/hooks/action-form-errors";
import type { Environment } from "@/lib/api-keys/format";
import { PROVIDERS, maskSecret, type ProviderName } from "@/lib/credentials/providers";
import { credentialInputSchema, rotateKeySchema, type CredentialInput } from "@/lib/validations/application";
import { useAddCredential, useRemoveCredential, useRotateCredential } from "./use-application-mutations";
import { ConfirmDeletion } from "./confirm-deletion";

type Target = { applicationId: string; applicationName: string; provider: ProviderName; environment: Environment };

/** The buttons of one provider row: add when unconfigured, rotate and remove when configured. */
export function CredentialActions({ target, mask }: { target: Target; mask: string | null }) {
  const [dialog, setDialog] = useState<"add" | "rotate" | "remove" | null>(null);
  const label = PROVIDERS[target.provider].label;
  const close = () => setDialog(null);
  return (
    <div className="flex justify-end gap-2">
      {mask === null ? (
        <Button size="sm" variant="secondary" onClick={() => setDialog("add")} aria-label={`Add ${label} credentials`}>
          <Plus className="h-4 w-4" aria-hidden /> Add
        </Button>
      ) : (
        <>
          <Button size="sm" variant="secondary" onClick={() => setDialog("rotate")} aria-label={`Rotate ${label} key`}>
            <RefreshCw className="h-4 w-4" aria-hidden /> Rotate
          </Button>
          <Button size="sm" variant="ghost" onClick={() => setDialog("remove")} aria-label={`Remove ${label} credentials`}>
            <Trash2 className="h-4 w-4 text-red-600" aria-hidden />
          </Button>
        </>
      )}
      {dialog === "add" && <AddCredentialDialog target={target} onClose={close} />}
      {dialog === "rotate" && mask && <RotateKeyDialog target={target} mask={mask} onClose={close} />}
      {dialog === "remove" && mask && <RemoveCredentialDialog target={target} mask={mask} onClose={close} />}
    </div>
  );
}

function SecretInput(props: React.InputHTMLAttributes<HTMLInputElement> & { ref?: React.Ref<HTMLInputElement> }) {
  // Not a password: keep browsers from offering to save or fill it.
  return <Input {...props} type="password" autoComplete="off" spellCheck={false} className="font-mono" data-1p-ignore data-lpignore="true" />;
}

type CredentialForm = Record<string, unknown>;

function AddCredentialDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const def = PROVIDERS[target.provider];
  const publicFields = def.publicFields.filter((f) => !f.onlyFor || f.onlyFor === target.environment);
  const names = ["apiKey", ...publicFields.map((f) => f.name)];
  const add = useAddCredential();
  const { register, handleSubmit, formState, setError } = useForm<CredentialForm, unknown, CredentialInput>({
    resolver: zodResolver(credentialInputSchema(target.provider, target.environment)),
    defaultValues: Object.fromEntries(names.map((n) => [n, ""])),
  });

  const onSubmit = handleSubmit(async ({ apiKey, publicFields: given }) => {
    try {
      await add.mutateAsync({ applicationId: target.applicationId, provider: target.provider, fields: { apiKey, ...given } });
      onClose();
    } catch (err) {
      showActionFailure(err, setError, fieldsNamed<CredentialForm>(names));
    }
  });

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Add ${def.label} credentials`}
      description={`For ${target.applicationName} (${target.environment}). The ${def.secretLabel.toLowerCase()} is encrypted and never shown again: afterwards you see only its last four characters.`}
    >
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label={def.secretLabel} hint={def.secretHint(target.environment)} error={formState.errors.apiKey?.message}>
          {(p) => <SecretInput {...p} {...register("apiKey")} autoFocus />}
        </Field>
        {publicFields.map((f) => (
          <Field key={f.name} label={f.label} hint={f.hint} error={formState.errors[f.name]?.message}>
            {(p) => <Input {...p} {...register(f.name)} autoComplete="off" />}
          </Field>
        ))}
        {formState.errors.root && <FormAlert>{formState.errors.root.message}</FormAlert>}
        <DialogActions onCancel={onClose} label="Save credentials" pendingLabel="Saving…" pending={formState.isSubmitting} />
      </form>
    </Dialog>
  );
}

type RotateForm = { apiKey: string };

/** Two steps: enter the new key, then confirm the replacement. */
function RotateKeyDialog({ target, mask, onClose }: { target: Target; mask: string; onClose: () => void }) {
  const def = PROVIDERS[target.provider];
  const [step, setStep] = useState<"enter" | "confirm">("enter");
  const rotate = useRotateCredential();
  const { register, handleSubmit, formState, setError, getValues } = useForm<RotateForm>({
    resolver: zodResolver(rotateKeySchema(target.provider, target.environment)),
    defaultValues: { apiKey: "" },
  });
  const apiKey = () => getValues("apiKey").trim();

  async function confirm() {
    try {
      await rotate.mutateAsync({ applicationId: target.applicationId, provider: target.provider, apiKey: apiKey() });
      onClose();
    } catch (err) {
      setStep("enter");
      showActionFailure(err, setError, fieldsNamed<RotateForm>(["apiKey"]));
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Rotate the ${def.label} key`}>
      {step === "enter" ? (
        <form onSubmit={handleSubmit(() => setStep("confirm"))} className="space-y-4" noValidate>
          <p className="text-sm text-slate-700">
            Replaces <code className="font-mono">{mask}</code> for {target.applicationName}. Roll the key at {def.label} first,
            then paste the new one here.
          </p>
          <Field label={`New ${def.secretLabel.toLowerCase()}`} hint={def.secretHint(target.environment)} error={formState.errors.apiKey?.message}>
            {(p) => <SecretInput {...p} {...register("apiKey")} autoFocus />}
          </Field>
          {formState.errors.root && <FormAlert>{formState.errors.root.message}</FormAlert>}
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit">Continue</Button>
          </div>
        </form>
      ) : (
        <div className="space-y-4 text-sm text-slate-700">
          <p className="flex items-start gap-2 rounded-md bg-amber-50 p-3 text-amber-900">
            <KeyRound className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <span>
              Replace <code className="font-mono">{mask}</code> with <code className="font-mono">{maskSecret(target.provider, apiKey())}</code>?
              The old key is erased from Keyward at once and cannot be recovered.
            </span>
          </p>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => setStep("enter")}>
              Back
            </Button>
            <Button variant="danger" onClick={confirm} disabled={rotate.isPending} autoFocus>
              {rotate.isPending ? "Rotating…" : "Confirm rotation"}
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}

function RemoveCredentialDialog({ target, mask, onClose }: { target: Target; mask: string; onClose: () => void }) {
  const def = PROVIDERS[target.provider];
  const remove = useRemoveCredential();
  return (
    <ConfirmDeletion
      title={`Remove the ${def.label} credentials?`}
      label="Remove credentials"
      pendingLabel="Removing…"
      pending={remove.isPending}
      onConfirm={() => remove.mutateAsync({ applicationId: target.applicationId, provider: target.provider })}
      onClose={onClose}
    >
      <code className="font-mono">{mask}</code> and the other {def.label} settings of {target.applicationName} are deleted. This cannot
      be undone; the key itself stays valid at {def.label} until you revoke it there.
    </ConfirmDeletion>
  );
}
