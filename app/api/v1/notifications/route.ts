import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { listNotifications } from "@/lib/notifications/feed";
import { listNotificationsQuery, serializeNotification } from "@/lib/validations/api/notifications";

export const dynamic = "force-dynamic";

/** The suggestions and alerts the dashboard shows for the key's environment, not dismissed, most urgent first. */
export const GET = apiRoute({ scope: ["api_keys", "read"] }, async ({ actor, request }) => {
  validate(listNotificationsQuery, queryObject(request));
  const list = await listNotifications(actor);
  return Response.json({ object: "list", data: list.items.map(serializeNotification), has_more: list.hasMore, next_cursor: null });
});
