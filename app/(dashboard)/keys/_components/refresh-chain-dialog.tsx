"use client";

import { useQuery } from "@tanstack/react-query";
import { formatDateTime } from "@/lib/utils/format";
import { Badge } from "@/components/ui/badge";
import { Dialog } from "@/components/ui/dialog";
import { refreshChainAction } from "../actions";

/** The keys and refresh tokens of one refreshable key's refresh chain, oldest first. */
export function RefreshChainDialog({ chainId, name, onClose }: { chainId: string; name: string; onClose: () => void }) {
  const chain = useQuery({
    queryKey: ["refresh-chain", chainId],
    queryFn: async () => {
      const result = await refreshChainAction(chainId);
      if (!result.ok) throw new Error(result.error);
      return result.data;
    },
  });
  const when = (d: Date | null) => (d ? formatDateTime(d) : "—");
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title={`Refresh chain of “${name}”`} wide>
      {chain.isPending && <p className="text-sm text-slate-600">Loading…</p>}
      {chain.isError && (
        <p role="alert" className="text-sm text-red-700">
          {chain.error.message}
        </p>
      )}
      {chain.data && (
        <div className="space-y-4 text-sm">
          <p className="text-slate-600">
            Each refresh issues a new secret and a new refresh token and spends the old token. Presenting a spent token
            again revokes the whole chain.
          </p>
          <section>
            <h3 className="font-medium">Keys</h3>
            <ol className="mt-1 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
              {chain.data.keys.map((k) => (
                <li key={k.id} className="flex items-center justify-between gap-3 px-3 py-1.5">
                  <code className="font-mono text-xs">{k.prefix}…</code>
                  <span className="text-slate-600">created {when(k.createdAt)}</span>
                  <span className="text-slate-600">expires {when(k.expiresAt)}</span>
                  <Badge tone={k.status === "active" ? "green" : k.status === "revoked" ? "red" : "gray"}>{k.status}</Badge>
                </li>
              ))}
            </ol>
          </section>
          <section>
            <h3 className="font-medium">Refresh tokens</h3>
            <ol className="mt-1 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200">
              {chain.data.tokens.map((t) => (
                <li key={t.id} className="flex items-center justify-between gap-3 px-3 py-1.5">
                  <span>issued {when(t.createdAt)}</span>
                  <span className="text-slate-600">expires {when(t.expiresAt)}</span>
                  <Badge tone={t.revokedAt ? "red" : t.usedAt ? "gray" : "green"}>
                    {t.revokedAt ? "revoked" : t.usedAt ? `spent ${when(t.usedAt)}` : "current"}
                  </Badge>
                </li>
              ))}
            </ol>
          </section>
        </div>
      )}
    </Dialog>
  );
}
