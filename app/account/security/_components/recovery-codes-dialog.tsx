"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { CopyButton } from "@/components/ui/copy-button";

/** The recovery codes, shown once: closing needs the box ticked. */
export function RecoveryCodesDialog({ codes, onClose }: { codes: string[]; onClose: () => void }) {
  const [saved, setSaved] = useState(false);
  return (
    <Dialog
      open
      onOpenChange={() => {}}
      dismissible={false}
      title="Save your recovery codes"
      description="If you lose your authenticator, each of these codes signs you in once. You will not see them again."
    >
      <div className="space-y-4">
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm">
          {codes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <CopyButton value={codes.join("\n")} showText />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={saved} onChange={(e) => setSaved(e.target.checked)} className="h-4 w-4" />
          I have saved these codes somewhere safe
        </label>
        <div className="flex justify-end">
          <Button disabled={!saved} onClick={onClose}>
            Done
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
