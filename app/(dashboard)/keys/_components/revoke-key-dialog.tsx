"use client";

import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { Field, Input } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { When } from "@/components/ui/when";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { nameConfirmed, needsRevokeConfirmation } from "@/lib/api-keys/roll-confirmation";
import { useRevokeKey } from "../hooks/use-key-mutations";
import { RecentTraffic } from "./recent-traffic";

/** Revoking is instant and final: a live key, or one used in the last 7 days, asks for its typed name. */
export function RevokeKeyDialog({ keyView: key, onClose }: { keyView: ApiKeyView; onClose: () => void }) {
  const revoke = useRevokeKey();
  const [typed, setTyped] = useState("");
  const [now] = useState(() => new Date());
  const confirmRequired = needsRevokeConfirmation(key, now);
  const confirmed = !confirmRequired || nameConfirmed(key, typed);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    revoke.mutate({ id: key.id, confirmName: typed }, { onSuccess: onClose });
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Revoke “${key.name}”?`}>
      <form onSubmit={submit} className="space-y-4 text-sm text-slate-700">
        <p>
          Requests using <code className="font-mono">{key.prefix}…</code> will be refused immediately. This cannot be
          undone: the key stays in the list as revoked and can never authenticate again.
        </p>
        {key.lastUsedAt && (
          <p className="rounded-md bg-amber-50 p-2 text-amber-900">
            This key was last used <When date={key.lastUsedAt} now={now} />
            {key.lastUsedIp ? ` from ${key.lastUsedIp}` : ""}. Make sure nothing still depends on it.
          </p>
        )}
        {key.status !== "revoked" && <RecentTraffic keyId={key.id} purpose="revoke" />}
        {confirmRequired && (
          <Field label={`Type “${key.name}” to confirm`}>
            {(p) => <Input {...p} value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" autoFocus />}
          </Field>
        )}
        {revoke.error && <FormAlert>{revoke.error.result?.error ?? "Could not revoke the key"}</FormAlert>}
        <DialogActions onCancel={onClose} label="Revoke key" pendingLabel="Revoking…" pending={revoke.isPending} disabled={!confirmed} variant="danger" />
      </form>
    </Dialog>
  );
}
