import { apiRoute } from "@/lib/http/api-route";
import { resendDelivery } from "@/lib/webhooks/service";
import { serializeDelivery } from "@/lib/validations/api/webhooks";

export const dynamic = "force-dynamic";

/** Sends a delivery again now, with the same webhook-id. */
export const POST = apiRoute<{ endpointId: string; deliveryId: string }>({ scope: ["webhooks", "write"] }, async ({ actor, params }) => {
  return Response.json(serializeDelivery(await resendDelivery(actor, params.endpointId, params.deliveryId)), { status: 202 });
});
