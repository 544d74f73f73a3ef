"use client";

import { startRegistration } from "@simplewebauthn/browser";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { useStepUp } from "@/components/step-up";
import { passkeyNameSchema } from "@/lib/validations/account";
import { formatDate } from "@/lib/utils/format";
import { passkeyRegistrationOptionsAction, registerPasskeyAction, removePasskeyAction } from "../../actions";
import { RecoveryCodesDialog } from "./recovery-codes-dialog";

type Row = { id: string; name: string; createdAt: string; lastUsedAt: string | null };

const day = (iso: string) => formatDate(new Date(iso));

export function PasskeysSection({ passkeys }: { passkeys: Row[] }) {
  const remove = useActionMutation(removePasskeyAction, { success: "Passkey removed" });
  return (
    <div className="space-y-4">
      {passkeys.length > 0 ? (
        <ul aria-label="Passkeys" className="divide-y divide-slate-200 rounded-md ring-1 ring-slate-200">
          {passkeys.map((p) => (
            <li key={p.id} className="flex flex-wrap items-center justify-between gap-2 px-3 py-2">
              <div>
                <p className="font-medium text-slate-900">{p.name}</p>
                <p className="text-sm text-slate-600">
                  Added {day(p.createdAt)} · {p.lastUsedAt ? `last used ${day(p.lastUsedAt)}` : "never used"}
                </p>
              </div>
              <Button size="sm" variant="secondary" aria-label={`Remove passkey ${p.name}`} disabled={remove.isPending} onClick={() => remove.mutate(p.id)}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-slate-600">No passkeys yet.</p>
      )}
      <AddPasskeyForm />
    </div>
  );
}

function AddPasskeyForm() {
  const router = useRouter();
  const stepUp = useStepUp();
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [codes, setCodes] = useState<string[] | null>(null);

  async function add(e: React.FormEvent) {
    e.preventDefault();
    const parsed = passkeyNameSchema.safeParse(name);
    if (!parsed.success) {
      setError(parsed.error.issues[0]!.message);
      return;
    }
    setError(undefined);
    setPending(true);
    try {
      let options = await passkeyRegistrationOptionsAction();
      if (!options.ok && options.code === "step_up_required" && (await stepUp.request())) options = await passkeyRegistrationOptionsAction();
      if (!options.ok) return setError(options.error);
      let response: unknown;
      try {
        response = await startRegistration({ optionsJSON: options.data });
      } catch (err) {
        const n = err instanceof Error ? err.name : "";
        return setError(n === "InvalidStateError" ? "This passkey is already registered." : "The passkey was not created (cancelled or not supported).");
      }
      const saved = await registerPasskeyAction({ name: parsed.data, response });
      if (!saved.ok) return setError(saved.error);
      toast.success(`Passkey “${saved.data.name}” added`);
      setName("");
      if (saved.data.recoveryCodes) setCodes(saved.data.recoveryCodes);
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={add} className="flex flex-wrap items-end gap-3" noValidate>
      <div className="w-full max-w-xs">
        <Field label="Passkey name" hint="e.g. Work laptop, YubiKey" error={error}>
          {(p) => <Input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={60} />}
        </Field>
      </div>
      <Button type="submit" variant="secondary" disabled={pending} className="mb-5">
        {pending ? "Waiting for your passkey…" : "Add a passkey"}
      </Button>
      {codes && <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} />}
    </form>
  );
}
