"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ReturnFocusContext } from "@/components/ui/dialog";
import type { ApiKeyView } from "@/lib/api-keys/service";
import type { KeyRowPermissions } from "../../_components/keys-table";
import { EditKeyDialog } from "../../_components/edit-key-dialog";
import { RollKeyDialog } from "../../_components/roll-key-dialog";
import { RevokeKeyDialog } from "../../_components/revoke-key-dialog";
import { KeyRevealedDialog, type RevealedSecret } from "../../_components/key-revealed-dialog";
import { DisableKeyDialog } from "../../_components/disable-key-dialog";
import { useEnableKey } from "../../hooks/use-key-mutations";

/** Edit, Roll and Revoke on a key's own page, with the same dialogs as the list. */
export function KeyPageActions({
  keyView: key,
  can,
  scopeCatalog,
  showRevoke,
}: {
  keyView: ApiKeyView;
  can: Pick<KeyRowPermissions, "edit" | "editLabel" | "roll" | "revoke">;
  scopeCatalog: { id: string; label: string }[];
  /** False when the page offers "Revoke now" elsewhere (a rolled key nobody uses). */
  showRevoke: boolean;
}) {
  const [open, setOpen] = useState<"edit" | "roll" | "revoke" | "disable" | null>(null);
  const enable = useEnableKey();
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const close = () => setOpen(null);

  const canEdit = (can.edit || can.editLabel) && key.status !== "revoked";
  const canRoll = can.roll && key.status === "active";
  const canRevoke = showRevoke && can.revoke && key.status !== "revoked";
  const canDisable = can.revoke && (key.status === "active" || key.status === "expiring");
  const canEnable = can.edit && key.status === "disabled";
  if (!canEdit && !canRoll && !canRevoke && !canDisable && !canEnable && !revealed) return null;

  return (
    <ReturnFocusContext.Provider value={opener}>
    <div className="flex flex-wrap gap-2">
      {canEdit && (
        <Button size="sm" variant="secondary" onClick={(e) => {
            opener.current = e.currentTarget;
            setOpen("edit");
          }}>
          Edit
        </Button>
      )}
      {canRoll && (
        <Button size="sm" variant="secondary" onClick={(e) => {
            opener.current = e.currentTarget;
            setOpen("roll");
          }}>
          Roll key
        </Button>
      )}
      {canDisable && (
        <Button size="sm" variant="secondary" onClick={(e) => {
            opener.current = e.currentTarget;
            setOpen("disable");
          }}>
          Disable key
        </Button>
      )}
      {canEnable && (
        <Button size="sm" variant="secondary" disabled={enable.isPending} onClick={() => enable.mutate(key.id)}>
          {enable.isPending ? "Enabling…" : "Enable key"}
        </Button>
      )}
      {canRevoke && (
        <Button size="sm" variant="secondary" className="text-red-700" onClick={(e) => {
            opener.current = e.currentTarget;
            setOpen("revoke");
          }}>
          Revoke key
        </Button>
      )}
      {open === "edit" && <EditKeyDialog keyView={key} labelsOnly={!can.edit} scopeCatalog={scopeCatalog} onClose={close} />}
      {open === "roll" && <RollKeyDialog keyView={key} onClose={close} onRevealed={setRevealed} />}
      {open === "revoke" && <RevokeKeyDialog keyView={key} onClose={close} />}
      {open === "disable" && <DisableKeyDialog keyView={key} onClose={close} />}
      <KeyRevealedDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </div>
    </ReturnFocusContext.Provider>
  );
}
