import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { createEndpoint, listEndpoints } from "@/lib/webhooks/service";
import { createEndpointBody, listEndpointsQuery, serializeEndpoint, serializeEndpointPage } from "@/lib/validations/api/webhooks";

export const dynamic = "force-dynamic";

/** The merchant's webhook endpoints of the key's environment, newest first. */
export const GET = apiRoute({ scope: ["webhooks", "read"] }, async ({ actor, request }) => {
  const q = validate(listEndpointsQuery, queryObject(request));
  return Response.json(serializeEndpointPage(await listEndpoints(actor, { limit: q.limit ?? 25, startingAfter: q.starting_after })));
});

/** Creates an endpoint; the answer carries its signing secret, once. */
export const POST = apiRoute({ scope: ["webhooks", "write"] }, async ({ actor, body }) => {
  const b = validate(createEndpointBody, body);
  const { endpoint, secret } = await createEndpoint(actor, {
    url: b.url,
    description: b.description,
    environment: b.environment ?? actor.environment,
    eventTypes: b.event_types,
    enabled: b.enabled,
  });
  return Response.json(
    { ...serializeEndpoint(endpoint), secret },
    { status: 201, headers: { location: `/api/v1/webhook-endpoints/${endpoint.id}` } },
  );
});
