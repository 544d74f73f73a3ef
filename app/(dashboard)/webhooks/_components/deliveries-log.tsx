"use client";

import { useRouter } from "next/navigation";
import { useEffect } from "react";
import { RotateCcw } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { When } from "@/components/ui/when";
import { useResendWebhookDelivery } from "./use-webhook-mutations";

export type DeliveryRow = {
  id: string;
  eventId: string;
  eventType: string;
  status: "pending" | "succeeded" | "failed";
  attempts: number;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  createdAt: Date;
  attemptLog: { number: number; startedAt: Date; durationMs: number; statusCode: number | null; error: string | null; responseBody: string | null }[];
};

const STATUS = {
  pending: { tone: "amber", label: "Pending" },
  succeeded: { tone: "green", label: "Delivered" },
  failed: { tone: "red", label: "Failed" },
} as const;

/** While a delivery waits for its first attempt, look again every 2 seconds (the worker sends within one). */
function useRefreshWhilePending(pending: boolean) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 2000);
    return () => clearInterval(timer);
  }, [pending, router]);
}

/** A delivery whose next attempt is due (new, or just resent): the worker is on it. */
function isDueNow(d: { status: string; attempts: number; nextAttemptAt: Date | null }): boolean {
  const at = Date.now();
  return d.status === "pending" && (d.attempts === 0 || !d.nextAttemptAt || new Date(d.nextAttemptAt).getTime() <= at);
}

/** An endpoint's deliveries, newest first, each with its attempts (status, response time, first bytes) and Resend. */
export function DeliveriesLog({ deliveries, now, canResend, endpointId }: { deliveries: DeliveryRow[]; now: Date; canResend: boolean; endpointId: string }) {
  const resend = useResendWebhookDelivery();
  // Refresh while a delivery is due now (new, or resent): its attempt is on its way.
  useRefreshWhilePending(deliveries.some((d) => isDueNow(d)));
  if (deliveries.length === 0) {
    return (
      <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center text-sm text-slate-600">
        No deliveries yet. Events appear here as they are sent; “Send test event” sends one now.
      </div>
    );
  }
  return (
    <DataTable columns={["Event", "Status", "Last response", "Created", ""]} caption="Deliveries, newest first">
      {deliveries.map((d) => {
        const last = d.attemptLog[0];
        return (
          <tr key={d.id} className="align-top" data-testid="delivery-row">
            <td className="px-4 py-3">
              <details>
                <summary className="cursor-pointer">
                  <code className="font-mono text-xs">{d.eventType}</code>
                </summary>
                <div className="mt-2 space-y-2 text-xs">
                  <p className="break-all text-slate-500">
                    webhook-id <code className="font-mono">{d.eventId}</code>
                  </p>
                  {d.attemptLog.length === 0 ? (
                    <p className="text-slate-500">Not attempted yet.</p>
                  ) : (
                    <ol className="space-y-2">
                      {d.attemptLog.map((a) => (
                        <li key={a.number} className="rounded bg-slate-50 p-2">
                          <div className="font-medium">
                            Attempt {a.number}: {a.statusCode ?? a.error} · {a.durationMs} ms · <When date={a.startedAt} now={now} />
                          </div>
                          {a.responseBody && <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all font-mono text-slate-600">{a.responseBody}</pre>}
                        </li>
                      ))}
                    </ol>
                  )}
                </div>
              </details>
            </td>
            <td className="px-4 py-3" data-label="Status">
              <Badge tone={STATUS[d.status].tone}>{STATUS[d.status].label}</Badge>
              <div className="mt-0.5 text-xs text-slate-500">
                {d.attempts === 1 ? "1 attempt" : `${d.attempts} attempts`}
                {d.status === "pending" && d.nextAttemptAt && d.attempts > 0 && (
                  <>
                    {" · next "}
                    <When date={d.nextAttemptAt} now={now} />
                  </>
                )}
              </div>
            </td>
            <td className="px-4 py-3 text-slate-700" data-label="Last response">
              {last ? (
                <span>
                  {last.statusCode !== null ? `HTTP ${last.statusCode}` : last.error} <span className="text-xs text-slate-500">({last.durationMs} ms)</span>
                </span>
              ) : (
                <span className="text-slate-500">—</span>
              )}
            </td>
            <td className="px-4 py-3 text-slate-700" data-label="Created">
              <When date={d.createdAt} now={now} />
            </td>
            <td className="px-4 py-3 text-right" data-row-actions>
              {canResend && d.attempts > 0 && (
                <Button
                  size="sm"
                  variant="secondary"
                  disabled={resend.isPending}
                  onClick={() => resend.mutate({ endpointId, deliveryId: d.id })}
                  aria-label={`Resend ${d.eventType}`}
                >
                  <RotateCcw className="h-4 w-4" aria-hidden /> Resend
                </Button>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
