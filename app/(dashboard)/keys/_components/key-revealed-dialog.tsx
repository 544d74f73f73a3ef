"use client";

import { SecretOnceDialog } from "@/components/secret-once-dialog";

export type RevealedSecret = { name: string; secret: string; environment: string; type: string };

/** Shows a new key's secret exactly once; it closes only after the user says it is stored. */
export function KeyRevealedDialog({ revealed, onClose }: { revealed: RevealedSecret | null; onClose: () => void }) {
  return (
    <SecretOnceDialog
      secret={revealed?.secret ?? null}
      title="Save your secret key"
      description={revealed ? `The secret for “${revealed.name}” (${revealed.environment}).` : undefined}
      warning="This is the only time this secret will be shown. Copy it into your secret manager now: Keyward keeps only a hash, so it cannot be shown again. If you lose it, roll the key."
      label="Secret key"
      inputId="revealed-secret"
      onClose={onClose}
    />
  );
}
