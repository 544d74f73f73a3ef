import { getApiKey, revokeApiKey, updateApiKey } from "@/lib/api-keys/service";
import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { serializeApiKey, toUpdateInput, updateApiKeyBody } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

type Params = { id: string };

export const GET = apiRoute<Params>({ scope: ["api_keys", "read"] }, async ({ actor, params }) => {
  return Response.json(serializeApiKey(await getApiKey(actor, params.id)));
});

/** Updates name, description, permissions (restricted keys), expiry and metadata. */
export const PATCH = apiRoute<Params>({ scope: ["api_keys", "write"] }, async ({ actor, params, body }) => {
  const data = validate(updateApiKeyBody, body);
  return Response.json(serializeApiKey(await updateApiKey(actor, params.id, toUpdateInput(data))));
});

/** Revokes the key at once. Idempotent: revoking a revoked key answers the same. */
export const DELETE = apiRoute<Params>({ scope: ["api_keys", "write"] }, async ({ actor, params }) => {
  return Response.json(serializeApiKey(await revokeApiKey(actor, params.id)));
});
