import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AlertTriangle, ArrowLeft } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { When } from "@/components/ui/when";
import { RoleNotice } from "@/components/role-notice";
import { DeliveriesLog } from "@/app/(dashboard)/webhooks/_components/deliveries-log";
import { EndpointActions } from "@/app/(dashboard)/webhooks/_components/endpoint-actions";
import { EndpointStatus } from "@/app/(dashboard)/webhooks/_components/endpoint-status";
import { requireMerchantActor } from "@/lib/auth/session";
import { now } from "@/lib/clock";
import { isServiceError } from "@/lib/errors";
import { EVENT_TYPES } from "@/lib/events/types";
import { canDoWebhookOperation } from "@/lib/webhooks/access";
import { getEndpoint, listDeliveries, type EndpointView } from "@/lib/webhooks/service";
import { webhookNotice } from "@/lib/webhooks/notice";

export const metadata: Metadata = { title: "Webhook endpoint" };

const LABELS = new Map<string, string>(EVENT_TYPES.map((e) => [e.type, e.label]));

export default async function WebhookEndpointPage({ params }: { params: Promise<{ endpointId: string }> }) {
  const { actor } = await requireMerchantActor();
  const { endpointId } = await params;
  let endpoint: EndpointView;
  try {
    endpoint = await getEndpoint(actor, endpointId);
  } catch (err) {
    if (isServiceError(err) && err.code === "not_found") notFound();
    throw err;
  }
  const { items } = await listDeliveries(actor, endpoint.id, { limit: 50 });
  const canWrite = canDoWebhookOperation(actor, "write", endpoint.environment);
  const notice = canWrite ? null : webhookNotice(actor);
  const at = now();

  return (
    <div className="space-y-8">
      <div>
        <Link href="/webhooks" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
          <ArrowLeft className="h-4 w-4" aria-hidden /> Webhooks
        </Link>
        <div className="mt-2 flex flex-wrap items-center gap-2">
          <h1 className="min-w-0 break-all text-xl font-semibold sm:text-2xl">{endpoint.url}</h1>
          <Badge tone={endpoint.environment === "live" ? "amber" : "gray"}>{endpoint.environment}</Badge>
          <EndpointStatus endpoint={endpoint} />
        </div>
        {endpoint.description && <p className="mt-1 max-w-2xl text-sm text-slate-600">{endpoint.description}</p>}
        <p className="mt-1 text-xs text-slate-500">
          Added <When date={endpoint.createdAt} now={at} /> · <code className="font-mono">{endpoint.id}</code>
          {endpoint.previousSecretExpiresAt && (
            <>
              {" · previous secret signs until "}
              <When date={endpoint.previousSecretExpiresAt} now={at} />
            </>
          )}
        </p>
      </div>

      {endpoint.disabledReason === "failing" && (
        <p role="alert" className="flex items-start gap-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          <AlertTriangle className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
          Keyward disabled this endpoint after 3 days of failed deliveries. Fix the receiver, then enable it and resend what it missed.
        </p>
      )}
      {notice && <RoleNotice>{notice}</RoleNotice>}
      {canWrite && <EndpointActions endpoint={endpoint} />}

      <section aria-labelledby="events-heading" className="space-y-2">
        <h2 id="events-heading" className="text-lg font-semibold">
          Events sent
        </h2>
        <ul className="flex flex-wrap gap-1.5">
          {endpoint.eventTypes.map((t) => (
            <li key={t}>
              <Badge tone="blue">{LABELS.get(t) ?? t}</Badge>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="deliveries-heading" className="space-y-3">
        <div>
          <h2 id="deliveries-heading" className="text-lg font-semibold">
            Deliveries
          </h2>
          <p className="text-sm text-slate-600">
            Each attempt with its response status, response time and the first bytes of the answer. Failed deliveries are retried
            with growing delays for up to 3 days.
          </p>
        </div>
        <DeliveriesLog deliveries={items} now={at} canResend={canWrite} endpointId={endpoint.id} />
      </section>
    </div>
  );
}
