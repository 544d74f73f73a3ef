import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/service";
import { serializeEndpoint, updateEndpointBody } from "@/lib/validations/api/webhooks";

export const dynamic = "force-dynamic";

type Params = { endpointId: string };

export const GET = apiRoute<Params>({ scope: ["webhooks", "read"] }, async ({ actor, params }) => {
  return Response.json(serializeEndpoint(await getEndpoint(actor, params.endpointId)));
});

/** Changes the URL, description, event types, or enables/disables the endpoint. */
export const PATCH = apiRoute<Params>({ scope: ["webhooks", "write"] }, async ({ actor, params, body }) => {
  const b = validate(updateEndpointBody, body);
  const endpoint = await updateEndpoint(actor, params.endpointId, {
    url: b.url,
    description: b.description,
    eventTypes: b.event_types,
    enabled: b.enabled,
  });
  return Response.json(serializeEndpoint(endpoint));
});

/** Deletes the endpoint with its delivery log. */
export const DELETE = apiRoute<Params>({ scope: ["webhooks", "write"] }, async ({ actor, params }) => {
  const deleted = await deleteEndpoint(actor, params.endpointId);
  return Response.json({ id: deleted.id, object: "webhook_endpoint", deleted: true });
});
