import { apiRoute } from "@/lib/http/api-route";
import { sendTestEvent } from "@/lib/webhooks/service";
import { serializeDelivery } from "@/lib/validations/api/webhooks";

export const dynamic = "force-dynamic";

/** Queues a `webhook.test` event for this endpoint only; the answer is its delivery. */
export const POST = apiRoute<{ endpointId: string }>({ scope: ["webhooks", "write"] }, async ({ actor, params }) => {
  return Response.json(serializeDelivery(await sendTestEvent(actor, params.endpointId)), { status: 202 });
});
