import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { listDeliveries } from "@/lib/webhooks/service";
import { listDeliveriesQuery, serializeDeliveryPage } from "@/lib/validations/api/webhooks";

export const dynamic = "force-dynamic";

/** The endpoint's deliveries, newest first, each with its latest attempts. */
export const GET = apiRoute<{ endpointId: string }>({ scope: ["webhooks", "read"] }, async ({ actor, params, request }) => {
  const q = validate(listDeliveriesQuery, queryObject(request));
  return Response.json(serializeDeliveryPage(await listDeliveries(actor, params.endpointId, { limit: q.limit ?? 25, startingAfter: q.starting_after })));
});
