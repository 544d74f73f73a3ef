import { enableApiKey } from "@/lib/api-keys/disable";
import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { emptyBody } from "@/lib/validations/api/common";
import { serializeApiKey } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

/** Lets a disabled key authenticate again. Idempotent. */
export const POST = apiRoute<{ id: string }>({ scope: ["api_keys", "write"] }, async ({ actor, params, body }) => {
  validate(emptyBody, body);
  return Response.json(serializeApiKey(await enableApiKey(actor, params.id)));
});
