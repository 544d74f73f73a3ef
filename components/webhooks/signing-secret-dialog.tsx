"use client";

import { AlertTriangle } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CopyButton } from "@/app/(dashboard)/keys/_components/copy-button";

export type RevealedSigningSecret = { url: string; secret: string };

/** Shows an endpoint's signing secret once; it closes only after the user says it is stored. */
export function SigningSecretDialog({ revealed, onClose }: { revealed: RevealedSigningSecret | null; onClose: () => void }) {
  const [stored, setStored] = useState(false);
  const close = () => {
    setStored(false);
    onClose();
  };
  return (
    <Dialog
      open={revealed !== null}
      onOpenChange={(open) => !open && stored && close()}
      title="Save the signing secret"
      description={revealed ? <span className="break-all">For {revealed.url}</span> : undefined}
      dismissible={false}
    >
      {revealed && (
        <div className="space-y-4">
          <p className="flex gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="note">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <span>
              This is the only time this secret is shown. Your receiver uses it to check that requests come from Keyward (any
              Standard Webhooks library verifies them). If you lose it, roll the secret.
            </span>
          </p>
          <div className="space-y-1">
            <label htmlFor="signing-secret" className="block text-sm font-medium">
              Signing secret
            </label>
            <div className="flex gap-2">
              <input
                id="signing-secret"
                readOnly
                value={revealed.secret}
                onFocus={(e) => e.currentTarget.select()}
                className="block w-full min-w-0 rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs ring-1 ring-inset ring-slate-300"
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
