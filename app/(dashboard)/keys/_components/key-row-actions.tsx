"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ApiKeyView } from "@/lib/api-keys/service";
import type { KeyRowPermissions } from "./keys-table";
import { useRevealKey } from "../hooks/use-key-mutations";
import { KeyRevealedDialog, type RevealedSecret } from "./key-revealed-dialog";
import { EditKeyDialog } from "./edit-key-dialog";
import { RollKeyDialog } from "./roll-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RefreshChainDialog } from "./refresh-chain-dialog";

type Open = "edit" | "roll" | "revoke" | "chain" | null;

export function KeyRowActions({
  keyView: key,
  can,
  scopeCatalog,
}: {
  keyView: ApiKeyView;
  can: KeyRowPermissions;
  scopeCatalog: { id: string; label: string }[];
}) {
  const [open, setOpen] = useState<Open>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const reveal = useRevealKey();
  const live = key.status === "active" || key.status === "expiring";
  const canRoll = can.roll && key.status === "active";
  const canRevoke = can.revoke && key.status !== "revoked";
  const canEdit = (can.edit || can.editLabel) && key.status !== "revoked";
  const canReveal = can.reveal && key.revealableUntil !== null && live;

  return (
    <div className="flex justify-end gap-1">
      {canReveal && (
        <Button
          size="sm"
          disabled={reveal.isPending}
          onClick={() => reveal.mutate(key.id, { onSuccess: (shown) => setRevealed(shown) })}
          aria-label={`Reveal secret for ${key.name}`}
        >
          Reveal secret
        </Button>
      )}
      {key.refreshChainId && (
        <Button size="sm" variant="ghost" onClick={() => setOpen("chain")} aria-label={`Refresh chain of ${key.name}`}>
          Chain
        </Button>
      )}
      {canEdit && (
        <Button size="sm" variant="ghost" onClick={() => setOpen("edit")} aria-label={`Edit ${key.name}`}>
          Edit
        </Button>
      )}
      {canRoll && (
        <Button size="sm" variant="ghost" onClick={() => setOpen("roll")} aria-label={`Regenerate ${key.name}`}>
          Regenerate
        </Button>
      )}
      {canRevoke && (
        <Button size="sm" variant="ghost" className="text-red-700" onClick={() => setOpen("revoke")} aria-label={`Revoke ${key.name}`}>
          Revoke
        </Button>
      )}
      {open === "edit" && (
        <EditKeyDialog keyView={key} labelsOnly={!can.edit} scopeCatalog={scopeCatalog} onClose={() => setOpen(null)} />
      )}
      {open === "roll" && <RollKeyDialog keyView={key} onClose={() => setOpen(null)} onRevealed={setRevealed} />}
      {open === "revoke" && <RevokeKeyDialog keyView={key} onClose={() => setOpen(null)} />}
      {open === "chain" && key.refreshChainId && (
        <RefreshChainDialog chainId={key.refreshChainId} name={key.name} onClose={() => setOpen(null)} />
      )}
      <KeyRevealedDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </div>
  );
}
