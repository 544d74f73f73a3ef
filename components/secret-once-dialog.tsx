"use client";

import { AlertTriangle } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * Shows a secret exactly once (a new key, a webhook signing secret). It
 * cannot be dismissed by Escape or a stray click: the user confirms they
 * stored it first.
 */
export function SecretOnceDialog({
  secret,
  title,
  description,
  warning,
  label,
  inputId,
  onClose,
}: {
  secret: string | null;
  title: string;
  description?: React.ReactNode;
  warning: string;
  label: string;
  inputId: string;
  onClose: () => void;
}) {
  const [stored, setStored] = useState(false);
  const close = () => {
    setStored(false);
    onClose();
  };
  return (
    <Dialog open={secret !== null} onOpenChange={(open) => !open && stored && close()} title={title} description={description} dismissible={false}>
      {secret !== null && (
        <div className="space-y-4">
          <p className="flex gap-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900" role="note">
            <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
            <span>{warning}</span>
          </p>
          <div className="space-y-1">
            <label htmlFor={inputId} className="block text-sm font-medium">
              {label}
            </label>
            <div className="flex gap-2">
              <input
                id={inputId}
                readOnly
                value={secret}
                onFocus={(e) => e.currentTarget.select()}
                className="block w-full min-w-0 rounded-md bg-slate-50 px-2.5 py-1.5 font-mono text-xs ring-1 ring-inset ring-slate-300"
              />
              <CopyButton value={secret} showText />
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
