"use client";

import { useState } from "react";
import { addSeconds } from "date-fns";
import { formatDateTime } from "@/lib/utils/format";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { needsNameConfirmation, nameConfirmed } from "@/lib/api-keys/roll-confirmation";
import { ROLL_GRACE_OPTIONS } from "@/lib/validations/api-key";
import { useRevealKey, useRollKey } from "../hooks/use-key-mutations";
import type { RevealedSecret } from "./key-revealed-dialog";
import { RecentTraffic } from "./recent-traffic";
import { DialogActions } from "@/components/ui/dialog-actions";

export function RollKeyDialog({
  keyView: key,
  onClose,
  onRevealed,
}: {
  keyView: ApiKeyView;
  onClose: () => void;
  onRevealed: (r: RevealedSecret) => void;
}) {
  const [grace, setGrace] = useState<number>(86_400);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState<string | null>(null);
  const roll = useRollKey();
  const reveal = useRevealKey();
  const confirmRequired = needsNameConfirmation(key);
  const confirmed = !confirmRequired || nameConfirmed(key, typed);
  const ends = addSeconds(new Date(), grace);
  const capped = key.expiresAt && key.expiresAt < ends;

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const rolled = await roll.mutateAsync({ id: key.id, expirePreviousIn: grace, confirmName: typed });
      onClose();
      onRevealed(await reveal.mutateAsync(rolled.id));
    } catch (err) {
      setError((err as { result?: { error: string } }).result?.error ?? "Could not roll the key");
    }
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Roll “${key.name}”?`} wide>
      <form onSubmit={submit} className="space-y-4 text-sm text-slate-700">
        <p>
          A new secret replaces <code className="font-mono">{key.prefix}…</code> with the same name, permissions,
          metadata and expiry. You will see the new secret once. Choose when the old secret stops working, so you can
          deploy the new one first.
        </p>
        <fieldset>
          <legend className="font-medium text-slate-900">Old secret stops working</legend>
          <div className="mt-2 grid grid-cols-2 gap-2 sm:grid-cols-3">
            {ROLL_GRACE_OPTIONS.map((o) => (
              <label key={o.seconds} className="flex items-center gap-2 rounded-md p-2 ring-1 ring-slate-200 has-[:checked]:ring-2 has-[:checked]:ring-indigo-600">
                <input type="radio" name="grace" value={o.seconds} checked={grace === o.seconds} onChange={() => setGrace(o.seconds)} />
                {o.label}
              </label>
            ))}
          </div>
        </fieldset>
        <p className={grace === 0 ? "rounded-md bg-red-50 p-2 text-red-800" : "text-slate-600"}>
          {grace === 0
            ? "The old secret will stop working immediately. Requests still using it will fail."
            : `The old secret keeps working until ${formatDateTime(capped ? key.expiresAt! : ends)}${capped ? " (its own expiry)" : ""}.`}
        </p>
        {key.lastUsedAt && (
          <p className="text-slate-600">
            The old secret was last used {formatDateTime(key.lastUsedAt)}
            {key.lastUsedIp ? ` from ${key.lastUsedIp}` : ""}.
          </p>
        )}
        <RecentTraffic keyId={key.id} purpose="roll" />
        {confirmRequired && (
          <Field label={`Type “${key.name}” to confirm`}>
            {(p) => <Input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />}
          </Field>
        )}
        {error && (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-red-700">
            {error}
          </p>
        )}
        <DialogActions onCancel={onClose} label="Roll key" pendingLabel="Rolling…" pending={roll.isPending} disabled={!confirmed || reveal.isPending} variant="danger" />
      </form>
    </Dialog>
  );
}
