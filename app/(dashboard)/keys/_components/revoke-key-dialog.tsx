"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { useRevokeKey } from "../hooks/use-key-mutations";
import { RecentTraffic } from "../[keyId]/_components/recent-traffic";

export function RevokeKeyDialog({ keyView: key, onClose }: { keyView: ApiKeyView; onClose: () => void }) {
  const revoke = useRevokeKey();
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Revoke “${key.name}”?`}>
      <div className="space-y-4 text-sm text-slate-700">
        <p>
          Requests using <code className="font-mono">{key.prefix}…</code> will be refused immediately. This cannot be
          undone: the key stays in the list as revoked and can never authenticate again.
        </p>
        {key.lastUsedAt && (
          <p className="rounded-md bg-amber-50 p-2 text-amber-900">
            This key was last used {key.lastUsedAt.toLocaleString()}
            {key.lastUsedIp ? ` from ${key.lastUsedIp}` : ""}. Make sure nothing still depends on it.
          </p>
        )}
        {key.status !== "revoked" && <RecentTraffic keyId={key.id} purpose="revoke" />}
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose} autoFocus>
            Cancel
          </Button>
          <Button variant="danger" disabled={revoke.isPending} onClick={() => revoke.mutate(key.id, { onSuccess: onClose })}>
            {revoke.isPending ? "Revoking…" : "Revoke key"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
