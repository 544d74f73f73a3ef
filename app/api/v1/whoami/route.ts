import { apiRoute } from "@/lib/http/api-route";

export const dynamic = "force-dynamic";

/** Who the presented key is: its id, merchant, type, environment and permissions. Any valid key may ask. */
export const GET = apiRoute({ allowPublishable: true }, async ({ actor }) => {
  return Response.json({
    object: "api_key",
    id: actor.keyId,
    merchant: actor.merchantId,
    type: actor.keyType,
    environment: actor.environment,
    permissions: actor.scopes,
  });
});
