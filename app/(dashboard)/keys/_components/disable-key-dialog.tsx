"use client";

import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormAlert } from "@/components/ui/form-alert";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { useDisableKey } from "../hooks/use-key-mutations";

/** Pausing is reversible, so a plain confirmation: no typed name. */
export function DisableKeyDialog({ keyView: key, onClose }: { keyView: ApiKeyView; onClose: () => void }) {
  const disable = useDisableKey();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Disable “${key.name}”?`}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          disable.mutate(key.id, { onSuccess: onClose });
        }}
        className="space-y-4 text-sm text-slate-700"
      >
        <p>
          Requests using <code className="font-mono">{key.prefix}…</code> will be refused, as if the key did not exist, until
          you enable it again. Its secret, permissions and expiry stay as they are.
        </p>
        {key.environment === "live" && (
          <p className="rounded-md bg-amber-50 p-2 text-amber-900">This is a live key: payments that use it will fail while it is disabled.</p>
        )}
        {disable.error && <FormAlert>{disable.error.result?.error ?? "Could not disable the key"}</FormAlert>}
        <DialogActions onCancel={onClose} label="Disable key" pendingLabel="Disabling…" pending={disable.isPending} variant="danger" />
      </form>
    </Dialog>
  );
}
