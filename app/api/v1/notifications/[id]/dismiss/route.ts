import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { dismissNotifications } from "@/lib/notifications/feed";
import { emptyBody } from "@/lib/validations/api/common";
import { serializeNotification } from "@/lib/validations/api/notifications";

export const dynamic = "force-dynamic";

/** Hides the notification for the whole merchant (dashboard included). Idempotent. */
export const POST = apiRoute<{ id: string }>({ scope: ["api_keys", "write"] }, async ({ actor, params, body }) => {
  validate(emptyBody, body);
  const [dismissed] = await dismissNotifications(actor, undefined, { ids: [params.id] });
  return Response.json(serializeNotification(dismissed!));
});
