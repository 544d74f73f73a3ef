"use client";

import { KeyRound, Plus, RefreshCw, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import type { Environment } from "@/lib/api-keys/format";
import { PROVIDERS, maskSecret, type ProviderName } from "@/lib/credentials/providers";
import { credentialInputSchema, rotateKeySchema } from "@/lib/validations/application";
import { zodFieldErrors } from "@/lib/errors";
import { failure, useAddCredential, useRemoveCredential, useRotateCredential } from "./use-application-mutations";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";

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

function ErrorNote({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <FormAlert>
      {message}
    </FormAlert>
  );
}

function SecretInput(props: React.InputHTMLAttributes<HTMLInputElement>) {
  // Not a password: keep browsers from offering to save or fill it.
  return <Input {...props} type="password" autoComplete="off" spellCheck={false} className="font-mono" data-1p-ignore data-lpignore="true" />;
}

function AddCredentialDialog({ target, onClose }: { target: Target; onClose: () => void }) {
  const def = PROVIDERS[target.provider];
  const [values, setValues] = useState<Record<string, string>>({ apiKey: "" });
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const add = useAddCredential();
  const set = (name: string) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setFormError(null);
    const fields = Object.fromEntries(Object.entries(values).filter(([k, v]) => k === "apiKey" || v.trim() !== ""));
    const parsed = credentialInputSchema(target.provider, target.environment).safeParse(fields);
    if (!parsed.success) {
      setErrors(zodFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    try {
      await add.mutateAsync({ applicationId: target.applicationId, provider: target.provider, fields });
      onClose();
    } catch (err) {
      const f = failure(err);
      setErrors(f.fieldErrors);
      setFormError(f.message);
    }
  }

  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Add ${def.label} credentials`}
      description={`For ${target.applicationName} (${target.environment}). The ${def.secretLabel.toLowerCase()} is encrypted and never shown again: afterwards you see only its last four characters.`}
    >
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label={def.secretLabel} hint={def.secretHint(target.environment)} error={errors.apiKey?.[0]}>
          {(p) => <SecretInput {...p} value={values.apiKey ?? ""} onChange={set("apiKey")} autoFocus />}
        </Field>
        {def.publicFields
          .filter((f) => !f.onlyFor || f.onlyFor === target.environment)
          .map((f) => (
            <Field key={f.name} label={f.label} hint={f.hint} error={errors[f.name]?.[0]}>
              {(p) => <Input {...p} value={values[f.name] ?? ""} onChange={set(f.name)} autoComplete="off" />}
            </Field>
          ))}
        <ErrorNote message={formError} />
        <DialogActions onCancel={onClose} label="Save credentials" pendingLabel="Saving…" pending={add.isPending} />
      </form>
    </Dialog>
  );
}

/** Two steps: enter the new key, then confirm the replacement. */
function RotateKeyDialog({ target, mask, onClose }: { target: Target; mask: string; onClose: () => void }) {
  const def = PROVIDERS[target.provider];
  const [apiKey, setApiKey] = useState("");
  const [step, setStep] = useState<"enter" | "confirm">("enter");
  const [error, setError] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const rotate = useRotateCredential();

  function next(e: React.FormEvent) {
    e.preventDefault();
    const parsed = rotateKeySchema(target.provider, target.environment).safeParse({ apiKey });
    if (!parsed.success) {
      setError(zodFieldErrors(parsed.error.issues).apiKey?.[0] ?? "This key is not valid");
      return;
    }
    setError(null);
    setStep("confirm");
  }

  async function confirm() {
    setFormError(null);
    try {
      await rotate.mutateAsync({ applicationId: target.applicationId, provider: target.provider, apiKey: apiKey.trim() });
      onClose();
    } catch (err) {
      const f = failure(err);
      setStep("enter");
      setError(f.fieldErrors.apiKey?.[0] ?? null);
      setFormError(f.fieldErrors.apiKey ? null : f.message);
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Rotate the ${def.label} key`}>
      {step === "enter" ? (
        <form onSubmit={next} className="space-y-4" noValidate>
          <p className="text-sm text-slate-700">
            Replaces <code className="font-mono">{mask}</code> for {target.applicationName}. Roll the key at {def.label} first,
            then paste the new one here.
          </p>
          <Field label={`New ${def.secretLabel.toLowerCase()}`} hint={def.secretHint(target.environment)} error={error ?? undefined}>
            {(p) => <SecretInput {...p} value={apiKey} onChange={(e) => setApiKey(e.target.value)} autoFocus />}
          </Field>
          <ErrorNote message={formError} />
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
              Replace <code className="font-mono">{mask}</code> with <code className="font-mono">{maskSecret(target.provider, apiKey.trim())}</code>?
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
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    try {
      await remove.mutateAsync({ applicationId: target.applicationId, provider: target.provider });
      onClose();
    } catch (err) {
      setError(failure(err).message);
    }
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Remove the ${def.label} credentials?`}>
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          <code className="font-mono">{mask}</code> and the other {def.label} settings of {target.applicationName} are deleted.
          This cannot be undone; the key itself stays valid at {def.label} until you revoke it there.
        </p>
        <ErrorNote message={error} />
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={confirm} disabled={remove.isPending}>
            {remove.isPending ? "Removing…" : "Remove credentials"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
