import { expireRolledKeyNow } from "@/lib/api-keys/expire-now";
import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { emptyBody } from "@/lib/validations/api/common";
import { serializeApiKey } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

/** Ends a rolled key's grace period now: the old secret stops working at once (409 outside a grace period). */
export const POST = apiRoute<{ id: string }>({ scope: ["api_keys", "write"] }, async ({ actor, params, body }) => {
  validate(emptyBody, body);
  const { key } = await expireRolledKeyNow(actor, params.id);
  return Response.json(serializeApiKey(key));
});
