"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { FormAlert } from "@/components/ui/form-alert";
import { actionFailure } from "@/components/hooks/action-form-errors";

/** "Delete this?": Cancel has the focus; a failure is shown in the dialog, which stays open. */
export function ConfirmDeletion({
  title,
  children,
  label,
  pendingLabel,
  pending,
  onConfirm,
  onClose,
}: {
  title: string;
  children: React.ReactNode;
  label: string;
  pendingLabel: string;
  pending: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const [error, setError] = useState<string | null>(null);
  async function confirm() {
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (err) {
      setError(actionFailure(err).message);
    }
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={title}>
      <div className="space-y-4 text-sm text-slate-700">
        <p>{children}</p>
        {error && <FormAlert>{error}</FormAlert>}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" disabled={pending} onClick={confirm}>
            {pending ? pendingLabel : label}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
