"use client";

import { useRef, useState } from "react";
import { ShieldAlert } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ReturnFocusContext } from "@/components/ui/dialog";
import { When } from "@/components/ui/when";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { RollKeyDialog } from "../../_components/roll-key-dialog";
import { RevokeKeyDialog } from "../../_components/revoke-key-dialog";
import { KeyRevealedDialog, type RevealedSecret } from "../../_components/key-revealed-dialog";
import { useAcknowledgeNewIp } from "../../hooks/use-key-mutations";

export type NewIpAlertItem = { eventId: string; ip: string; at: Date };

/**
 * "Used from a new IP address": each address can be acknowledged ("This
 * was me", for the whole team); otherwise roll the key or revoke it.
 */
export function NewIpAlert({
  keyView: key,
  alerts,
  now: nowIso,
  can,
}: {
  keyView: ApiKeyView;
  alerts: NewIpAlertItem[];
  now: string;
  can: { roll: boolean; revoke: boolean; acknowledge: boolean };
}) {
  const now = new Date(nowIso);
  const [open, setOpen] = useState<"roll" | "revoke" | null>(null);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const acknowledge = useAcknowledgeNewIp();
  const canRoll = can.roll && key.status === "active";
  const canRevoke = can.revoke && key.status !== "revoked";
  const ips = [...new Map(alerts.map((a) => [a.ip, a])).values()];
  const close = () => setOpen(null);

  return (
    <ReturnFocusContext.Provider value={opener}>
      <section aria-labelledby="new-ip-heading" className="rounded-lg bg-amber-50 p-4 ring-1 ring-amber-200" data-testid="new-ip-alerts">
        <h2 id="new-ip-heading" className="flex items-center gap-1.5 font-medium text-amber-900">
          <ShieldAlert className="h-4 w-4" aria-hidden />
          Used from a new IP address in the last 7 days
        </h2>
        <ul className="mt-2 divide-y divide-amber-200/70 text-sm text-amber-900">
          {ips.map((a) => (
            <li key={a.ip} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-1.5">
              <span>
                <span className="font-mono">{a.ip}</span>, first seen <When date={new Date(a.at)} now={now} />
              </span>
              {can.acknowledge && (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={acknowledge.isPending}
                  onClick={() => acknowledge.mutate({ keyId: key.id, ip: a.ip })}
                  aria-label={`This was me: ${a.ip}`}
                  title="Mark this address as known for this key, for everyone on the team"
                >
                  This was me
                </Button>
              )}
            </li>
          ))}
        </ul>
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-amber-900">
          <span className="mr-auto">If you do not recognise an address, roll or revoke this key.</span>
          {canRoll && (
            <Button
              size="sm"
              variant="secondary"
              onClick={(e) => {
                opener.current = e.currentTarget;
                setOpen("roll");
              }}
            >
              Roll now
            </Button>
          )}
          {canRevoke && (
            <Button
              size="sm"
              variant="secondary"
              className="text-red-700"
              onClick={(e) => {
                opener.current = e.currentTarget;
                setOpen("revoke");
              }}
            >
              Revoke
            </Button>
          )}
        </div>
        {open === "roll" && <RollKeyDialog keyView={key} onClose={close} onRevealed={setRevealed} />}
        {open === "revoke" && <RevokeKeyDialog keyView={key} onClose={close} />}
        <KeyRevealedDialog revealed={revealed} onClose={() => setRevealed(null)} />
      </section>
    </ReturnFocusContext.Provider>
  );
}
