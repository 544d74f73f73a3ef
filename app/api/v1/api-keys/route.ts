import { listApiKeysByCursor } from "@/lib/api-keys/service";
import { createKeyWithOptions } from "@/lib/api-keys/refresh";
import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { toUnix } from "@/lib/validations/api/common";
import { createApiKeyBody, listApiKeysQuery, serializeApiKey, toCreateInput, toListQuery } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

/** Lists the merchant's keys, newest first; never returns secrets. */
export const GET = apiRoute({ scope: ["api_keys", "read"] }, async ({ actor, request }) => {
  const query = validate(listApiKeysQuery, queryObject(request));
  const page = await listApiKeysByCursor(actor, toListQuery(query));
  return Response.json({
    object: "list",
    data: page.items.map(serializeApiKey),
    has_more: page.hasMore,
    next_cursor: page.nextCursor,
  });
});

/** Creates a key; the response carries its secret, the only time the API returns it. */
export const POST = apiRoute({ scope: ["api_keys", "write"] }, async ({ actor, body }) => {
  const data = validate(createApiKeyBody, body);
  const created = await createKeyWithOptions(actor, toCreateInput(data), {
    refreshable: data.refreshable,
    publishableKeyId: data.publishable_key_id,
  });
  if (!created.refreshable) return Response.json({ ...serializeApiKey(created.key), secret: created.secret }, { status: 201 });
  return Response.json(
    {
      ...serializeApiKey(created.key),
      secret: created.secret,
      refresh_token: created.refreshToken,
      refresh_token_expires_at: toUnix(created.refreshTokenExpiresAt),
      publishable_key: created.publishableKey,
    },
    { status: 201 },
  );
});
