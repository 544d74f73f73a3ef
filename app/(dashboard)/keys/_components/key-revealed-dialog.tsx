"use client";

import { AlertTriangle } from "lucide-react";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { Button } from "@/components/ui/button";
import { CopyButton } from "./copy-button";

export type RevealedSecret = { name: string; secret: string; environment: string; type: string };

/**
 * Shows a new secret exactly once. It cannot be dismissed by Escape or a
 * stray click: the user confirms they stored it first.
 */
export function KeyRevealedDialog({ revealed, onClose }: { revealed: RevealedSecret | null; onClose: () => void }) {
  const [stored, setStored] = useState(false);
  const close = () => {
    setStored(false);
    onClose();
  };
  return (
    <Dialog
      open={revealed !== null}
      onOpenChange={(open) => !open && stored && close()}
      title="Save your secret key"
      description={revealed ? `The secret for “${revealed.name}” (${revealed.environment}).` : undefined}
      dismissible={false}
    >
      {revealed && (
        <div className="space-y-4">
          <p className="flex gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="note">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <span>
              This is the only time this secret will be shown. Copy it into your secret manager now: Keyward keeps
              only a hash, so it cannot be shown again. If you lose it, roll the key.
            </span>
          </p>
          <div className="space-y-1">
            <label htmlFor="revealed-secret" className="block text-sm font-medium">
              Secret key
            </label>
            <div className="flex gap-2">
              <input
                id="revealed-secret"
                readOnly
                value={revealed.secret}
                onFocus={(e) => e.currentTarget.select()}
                className="block w-full rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs ring-1 ring-inset ring-slate-300"
              />
              <CopyButton value={revealed.secret} showText />
            </div>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} />
            I have stored this secret somewhere safe
          </label>
          <div className="flex justify-end">
            <Button onClick={close} disabled={!stored}>
              Done
            </Button>
          </div>
        </div>
      )}
    </Dialog>
  );
}
