import { rollApiKey } from "@/lib/api-keys/service";
import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { toUnix } from "@/lib/validations/api/common";
import { regenerateApiKeyBody, serializeApiKey } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

/** Rolls the key: a new secret, returned once, and the old one working for expire_previous_in seconds. */
export const POST = apiRoute<{ id: string }>({ scope: ["api_keys", "write"] }, async ({ actor, params, body }) => {
  const data = validate(regenerateApiKeyBody, body);
  const rolled = await rollApiKey(actor, params.id, { expirePreviousIn: data.expire_previous_in ?? 0 }, "response");
  return Response.json({
    ...serializeApiKey(rolled.key),
    secret: rolled.secret,
    previous_key: { id: rolled.previous.id, expires_at: toUnix(rolled.previous.expiresAt) },
  });
});
