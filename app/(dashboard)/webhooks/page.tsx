import type { Metadata } from "next";
import Link from "next/link";
import { AlertTriangle, Webhook } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/data-table";
import { When } from "@/components/ui/when";
import { RoleNotice } from "@/components/role-notice";
import { AddEndpointButton } from "@/app/(dashboard)/webhooks/_components/add-endpoint-button";
import { EndpointStatus } from "@/app/(dashboard)/webhooks/_components/endpoint-status";
import { requireMerchantActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { listEndpoints, webhookEnvironments } from "@/lib/webhooks/service";
import { webhookNotice } from "@/lib/webhooks/notice";

export const metadata: Metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const { actor } = await requireMerchantActor();
  const { items } = await listEndpoints(actor, { limit: 100 });
  const { writable } = webhookEnvironments(actor);
  const notice = webhookNotice(actor);
  const failing = items.filter((e) => e.disabledReason === "failing");
  const at = now();

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Webhooks</h1>
          <p className="mt-1 max-w-2xl text-sm text-slate-600">
            Keyward POSTs what happens to your keys, credentials and team to these URLs, signed per Standard Webhooks, and retries
            failed deliveries for up to 3 days.
          </p>
        </div>
        {writable.length > 0 && <AddEndpointButton environments={writable} />}
      </div>

      {notice && <RoleNotice>{notice}</RoleNotice>}

      {failing.map((e) => (
        <p key={e.id} role="alert" className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          <span className="min-w-0 break-words">
            Keyward disabled <Link href={`/webhooks/${e.id}`} className="break-all font-medium underline">{e.url}</Link> after 3 days of failed deliveries. Fix the
            receiver, then enable the endpoint again.
          </span>
        </p>
      ))}

      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
          <Webhook className="mx-auto h-8 w-8 text-slate-400" aria-hidden />
          <h2 className="mt-3 font-medium">No endpoints yet</h2>
          <p className="mt-1 text-sm text-slate-600">
            {writable.length > 0
              ? "Add one with “Add endpoint” to be told at once when a key leaks, expires or is revoked."
              : "An owner or admin (or a developer, for test endpoints) can add the first endpoint."}
          </p>
        </div>
      ) : (
        <DataTable columns={["Endpoint", "Environment", "Events", "Status", "Created"]} caption="Webhook endpoints" pairs>
          {items.map((e) => (
            <tr key={e.id} className="align-top">
              <td className="px-4 py-3">
                <Link href={`/webhooks/${e.id}`} className="break-all font-medium text-indigo-700 hover:underline">
                  {e.url}
                </Link>
                {e.description && <div className="mt-0.5 max-w-sm truncate text-xs text-slate-500">{e.description}</div>}
              </td>
              <td className="px-4 py-3" data-label="Environment">
                <Badge tone={e.environment === "live" ? "amber" : "gray"}>{e.environment}</Badge>
              </td>
              <td className="px-4 py-3 text-slate-700" data-label="Events">
                {e.eventTypes.length === 1 ? <code className="text-xs">{e.eventTypes[0]}</code> : `${e.eventTypes.length} event types`}
              </td>
              <td className="px-4 py-3" data-label="Status">
                <EndpointStatus endpoint={e} />
              </td>
              <td className="px-4 py-3 text-slate-700" data-label="Created">
                <When date={e.createdAt} now={at} />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
