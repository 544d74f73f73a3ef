"use client";

import { useQuery } from "@tanstack/react-query";
import { relativeTime } from "@/lib/utils/format";

type Traffic = {
  hourly: { start: Date; count: number }[];
  total24h: number;
  lastUsedAt: Date | null;
  ips: { ip: string }[];
  ipCount: number;
};

async function fetchTraffic(keyId: string): Promise<Traffic> {
  const res = await fetch(`/keys/${encodeURIComponent(keyId)}/traffic`, { headers: { accept: "application/json" } });
  const body = (await res.json().catch(() => null)) as
    | (Omit<Traffic, "hourly" | "lastUsedAt"> & { hourly: { start: string; count: number }[]; lastUsedAt: string | null })
    | { error?: string }
    | null;
  if (!res.ok || !body || !("hourly" in body)) throw new Error((body as { error?: string } | null)?.error ?? "could not load it");
  return {
    ...body,
    hourly: body.hourly.map((p) => ({ start: new Date(p.start), count: p.count })),
    lastUsedAt: body.lastUsedAt ? new Date(body.lastUsedAt) : null,
  };
}

/**
 * A key's requests in the last 24 hours, fetched when a dialog opens, so the
 * user can judge a grace period or whether revoking would break anything.
 */
export function RecentTraffic({ keyId, purpose }: { keyId: string; purpose: "roll" | "revoke" }) {
  const traffic = useQuery({
    queryKey: ["key-traffic", keyId],
    queryFn: () => fetchTraffic(keyId),
  });
  if (traffic.isPending) {
    return (
      <p className="text-slate-600" aria-live="polite">
        Loading this key&apos;s recent traffic…
      </p>
    );
  }
  if (traffic.isError) return <p className="text-slate-600">Recent traffic is unavailable: {traffic.error.message}</p>;
  const t = traffic.data;
  const max = Math.max(1, ...t.hourly.map((p) => p.count));
  const others = t.ipCount - t.ips.length;
  return (
    <section aria-label="Traffic in the last 24 hours" className="rounded-md bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="recent-traffic">
      <h3 className="font-medium text-slate-900">Traffic in the last 24 hours</h3>
      {t.total24h === 0 ? (
        <p className="mt-1">
          No requests in the last 24 hours
          {t.lastUsedAt ? ` (last used ${relativeTime(t.lastUsedAt, new Date())})` : " (never used)"}.{" "}
          {purpose === "roll" ? "A short grace period is likely enough." : "Revoking it should not interrupt anything active."}
        </p>
      ) : (
        <>
          <p className="mt-1">
            <strong>{t.total24h.toLocaleString("en-US")}</strong> {t.total24h === 1 ? "request" : "requests"}
            {t.ips.length > 0 && (
              <>
                {" "}from {t.ips.map((i) => i.ip).join(", ")}
                {others > 0 && ` and ${others} more ${others === 1 ? "address" : "addresses"}`}
              </>
            )}
            {t.lastUsedAt && `, last ${relativeTime(t.lastUsedAt, new Date())}`}.
          </p>
          <p className="mt-1 text-slate-600">
            {purpose === "roll"
              ? "Choose a grace period long enough to deploy the new secret everywhere these requests come from."
              : "Requests still using this key will fail once it is revoked."}
          </p>
          <div className="mt-2 flex h-8 items-end gap-px" aria-hidden>
            {t.hourly.map((p) => (
              <div
                key={p.start.toISOString()}
                className="flex-1 rounded-sm bg-indigo-500"
                style={{ height: `${p.count === 0 ? 2 : Math.max(8, (p.count / max) * 100)}%`, opacity: p.count === 0 ? 0.25 : 1 }}
              />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
