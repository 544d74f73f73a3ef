import { disableApiKey } from "@/lib/api-keys/disable";
import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { emptyBody } from "@/lib/validations/api/common";
import { serializeApiKey } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

/** Pauses the key: it is refused like an invalid key until enabled again. Idempotent. */
export const POST = apiRoute<{ id: string }>({ scope: ["api_keys", "write"] }, async ({ actor, params, body }) => {
  validate(emptyBody, body);
  return Response.json(serializeApiKey(await disableApiKey(actor, params.id)));
});
