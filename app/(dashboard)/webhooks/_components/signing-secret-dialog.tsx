"use client";

import { SecretOnceDialog } from "@/components/secret-once-dialog";

export type RevealedSigningSecret = { url: string; secret: string };

/** Shows an endpoint's signing secret once; it closes only after the user says it is stored. */
export function SigningSecretDialog({ revealed, onClose }: { revealed: RevealedSigningSecret | null; onClose: () => void }) {
  return (
    <SecretOnceDialog
      secret={revealed?.secret ?? null}
      title="Save the signing secret"
      description={revealed ? <span className="break-all">For {revealed.url}</span> : undefined}
      warning="This is the only time this secret is shown. Your receiver uses it to check that requests come from Keyward (any Standard Webhooks library verifies them). If you lose it, roll the secret."
      label="Signing secret"
      inputId="signing-secret"
      onClose={onClose}
    />
  );
}
