import { notificationIdParams, notificationList, notificationObject, listNotificationsQuery } from "@/lib/validations/api/notifications";
import { KEY_SECURITY, component, curlSample, idempotencyHeaders, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

const TAG = "Notifications";
const EXAMPLE_NOTIFICATION_ID = "ntf_8Gq2Lm4TzX0aLp7Wc1Nb";

export function registerNotificationPaths(registry: OpenAPIRegistry) {
  const Notification = component("Notification", notificationObject);
  const NotificationList = component("NotificationList", notificationList);

  registry.registerPath({
    method: "get",
    path: "/api/v1/notifications",
    operationId: "listNotifications",
    tags: [TAG],
    summary: "List notifications",
    description:
      "The suggestions and alerts the dashboard shows for the key's environment, most urgent first: keys used from a new IP address, rolled keys whose old secret is still in use near its end, keys expiring within 7 days, keys never used or idle for 30 days. Dismissed ones are left out. Needs `api_keys:read`.",
    security: KEY_SECURITY,
    request: { query: listNotificationsQuery },
    responses: { 200: jsonResponse("The notifications", NotificationList), ...problemResponses(401, 403, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: "/api/v1/notifications" }),
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/notifications/{id}/dismiss",
    operationId: "dismissNotification",
    tags: [TAG],
    summary: "Dismiss a notification",
    description:
      "Hides the notification for the whole merchant, in the dashboard too. A new occurrence (another new IP, a new expiry date) is a new notification. Idempotent. An id that is not one of the environment's current notifications answers 404. Needs `api_keys:write`.",
    security: KEY_SECURITY,
    // No body: the id says it all (an empty JSON object is accepted too).
    request: { params: notificationIdParams, headers: idempotencyHeaders },
    responses: { 200: jsonResponse("The dismissed notification", Notification), ...problemResponses(400, 401, 403, 404, 413, 415, 422, 429) },
    "x-codeSamples": curlSample({ method: "POST", path: `/api/v1/notifications/${EXAMPLE_NOTIFICATION_ID}/dismiss`, idempotent: true }),
  });
}
