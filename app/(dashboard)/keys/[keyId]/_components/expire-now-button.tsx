"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormAlert } from "@/components/ui/form-alert";
import { useExpireKeyNow } from "../../hooks/use-key-mutations";

/**
 * "End old secret now": finishes a roll early, ending the old secret's grace period at once.
 * The page shows it only when the old secret has been quiet for 15 minutes.
 */
export function ExpireNowButton({ previous }: { previous: { id: string; name: string; prefix: string } }) {
  const [open, setOpen] = useState(false);
  const expire = useExpireKeyNow();
  const close = () => setOpen(false);
  return (
    <>
      <Button size="sm" variant="secondary" onClick={() => setOpen(true)}>
        End old secret now
      </Button>
      {open && (
        <Dialog open onOpenChange={(o) => !o && close()} title="End the old secret now?">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              expire.mutate(previous.id, { onSuccess: close });
            }}
            className="space-y-4 text-sm text-slate-700"
          >
            <p>
              The old secret <code className="font-mono">{previous.prefix}…</code> of “{previous.name}” stops working now instead of at
              the end of its grace period. It has not been used in the last 15 minutes. The new secret is not affected.
            </p>
            {expire.error && <FormAlert>{expire.error.result?.error ?? "Could not end the old secret"}</FormAlert>}
            <DialogActions onCancel={close} label="End old secret" pendingLabel="Ending…" pending={expire.isPending} variant="danger" />
          </form>
        </Dialog>
      )}
    </>
  );
}
