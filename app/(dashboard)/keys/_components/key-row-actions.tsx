"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { ReturnFocusContext } from "@/components/ui/dialog";
import { RowMenu, type RowMenuItem } from "@/components/ui/row-menu";
import type { ApiKeyView } from "@/lib/api-keys/service";
import type { KeyRowPermissions } from "./keys-table";
import { useEnableKey, useRevealKey } from "../hooks/use-key-mutations";
import type { RevealedSecret } from "./key-revealed-dialog";
import { EditKeyDialog } from "./edit-key-dialog";
import { RollKeyDialog } from "./roll-key-dialog";
import { RevokeKeyDialog } from "./revoke-key-dialog";
import { RefreshChainDialog } from "./refresh-chain-dialog";
import { DisableKeyDialog } from "./disable-key-dialog";

type Open = "edit" | "roll" | "revoke" | "chain" | "disable" | null;

/** A key's row actions: "Reveal secret" while it can still be revealed, the rest in a ⋯ menu. */
export function KeyRowActions({
  keyView: key,
  can,
  scopeCatalog,
  onRevealed,
  label,
}: {
  keyView: ApiKeyView;
  /** The ⋯ button's name; "Actions for <name>" unless given. */
  label?: string;
  can: KeyRowPermissions;
  scopeCatalog: { id: string; label: string }[];
  /** Shows a secret; the list owns that dialog, as a roll can take this row off the list. */
  onRevealed: (secret: RevealedSecret) => void;
}) {
  const [open, setOpen] = useState<Open>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const reveal = useRevealKey();
  const enable = useEnableKey();
  const live = key.status === "active" || key.status === "expiring";
  const canReveal = can.reveal && key.revealableUntil !== null && live;

  const items: RowMenuItem[] = [];
  if ((can.edit || can.editLabel) && key.status !== "revoked") items.push({ label: "Edit", onSelect: () => setOpen("edit") });
  if (can.roll && key.status === "active") items.push({ label: "Roll", onSelect: () => setOpen("roll") });
  if (key.refreshChainId) items.push({ label: "Refresh chain", onSelect: () => setOpen("chain") });
  if (can.revoke && live) items.push({ label: "Disable", onSelect: () => setOpen("disable") });
  if (can.edit && key.status === "disabled") items.push({ label: "Enable", onSelect: () => enable.mutate(key.id) });
  if (can.revoke && key.status !== "revoked") items.push({ label: "Revoke", onSelect: () => setOpen("revoke"), danger: true });
  const close = () => setOpen(null);

  return (
    <ReturnFocusContext.Provider value={menuButton}>
      <div className="flex items-center justify-end gap-1">
        {canReveal && (
          <Button
            size="sm"
            disabled={reveal.isPending}
            onClick={() => reveal.mutate(key.id, { onSuccess: onRevealed })}
            aria-label={`Reveal secret for ${key.name}`}
            className="whitespace-nowrap"
          >
            Reveal secret
          </Button>
        )}
        {items.length > 0 && <RowMenu label={label ?? `Actions for ${key.name}`} items={items} triggerRef={menuButton} />}
        {open === "edit" && <EditKeyDialog keyView={key} labelsOnly={!can.edit} scopeCatalog={scopeCatalog} onClose={close} />}
        {open === "roll" && <RollKeyDialog keyView={key} onClose={close} onRevealed={onRevealed} />}
        {open === "revoke" && <RevokeKeyDialog keyView={key} onClose={close} />}
        {open === "disable" && <DisableKeyDialog keyView={key} onClose={close} />}
        {open === "chain" && key.refreshChainId && (
          <RefreshChainDialog chainId={key.refreshChainId} name={key.name} onClose={close} />
        )}
      </div>
    </ReturnFocusContext.Provider>
  );
}
