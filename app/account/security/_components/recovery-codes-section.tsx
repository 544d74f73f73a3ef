"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { regenerateRecoveryCodesAction } from "../../actions";
import { RecoveryCodesDialog } from "./recovery-codes-dialog";

export function RecoveryCodesSection({ remaining }: { remaining: number }) {
  const [codes, setCodes] = useState<string[] | null>(null);
  const regenerate = useActionMutation(regenerateRecoveryCodesAction, { onSuccess: (d) => setCodes(d.recoveryCodes) });
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <p className="text-sm text-slate-700">
        {remaining === 1 ? "1 unused code left." : `${remaining} unused codes left.`} New codes replace all the old ones.
      </p>
      <Button variant="secondary" onClick={() => regenerate.mutate(undefined)} disabled={regenerate.isPending}>
        {regenerate.isPending ? "Generating…" : "Generate new recovery codes"}
      </Button>
      {codes && <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} />}
    </div>
  );
}
