import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { rollEndpointSecret } from "@/lib/webhooks/service";
import { rollSecretBody, serializeEndpoint } from "@/lib/validations/api/webhooks";

export const dynamic = "force-dynamic";

/** A new signing secret, returned once; the previous one keeps signing for the overlap. */
export const POST = apiRoute<{ endpointId: string }>({ scope: ["webhooks", "write"] }, async ({ actor, params, body }) => {
  const b = validate(rollSecretBody, body);
  const { endpoint, secret } = await rollEndpointSecret(actor, params.endpointId, { expirePreviousIn: b.expire_previous_in });
  return Response.json({ ...serializeEndpoint(endpoint), secret });
});
