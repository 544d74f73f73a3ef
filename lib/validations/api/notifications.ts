import { z } from "zod";
import { ENVIRONMENTS } from "@/lib/api-keys/kinds";
import { NOTIFICATION_TYPES, type NotificationView } from "@/lib/notifications/feed";
import { notificationIdSchema } from "@/lib/validations/notification";
import { keyIdSchema } from "@/lib/validations/api-key";
import { listSchema, text, toUnix, unixTimestamp } from "./common";

const notificationId = notificationIdSchema.meta({ description: "The notification's id", example: "ntf_8Gq2Lm4TzX0aLp7Wc1Nb" });

export const notificationIdParams = z.object({ id: notificationId });

export const listNotificationsQuery = z.object({}).strict();

export const notificationObject = z.object({
  id: notificationId,
  object: z.literal("notification"),
  type: z.enum(NOTIFICATION_TYPES).meta({
    description:
      "used_from_new_ip: the key was used from an IP address it had not used before (last 7 days); rotation_still_in_use: a rolled key's old secret is still used within a day of its end; expiring: the key expires within 7 days; never_used: not used a week after creation; idle: not used for 30 days",
  }),
  severity: z.enum(["alert", "warning", "suggestion"]),
  environment: z.enum(ENVIRONMENTS),
  title: text(300),
  message: text(1000),
  occurred_at: unixTimestamp.meta({ description: "The moment it is about: the first use from the IP, the last use, the expiry or the creation" }),
  api_key: z.object({
    id: keyIdSchema,
    name: text(100),
    prefix: text(32).meta({ example: "sk_test_4eC3" }),
  }),
  ip: text(64).nullable().meta({ description: "The address, for new-IP alerts and for old secrets still in use after a roll" }),
  expires_at: unixTimestamp.nullable(),
  last_used_at: unixTimestamp.nullable(),
  dismissed_at: unixTimestamp.nullable().meta({ description: "When it was dismissed (for the whole merchant); dismissed notifications are not listed" }),
});

export const notificationList = listSchema(notificationObject).meta({
  description: "has_more: there are more of some type than the 20 listed (the oldest are left out); next_cursor is always null",
});

export function serializeNotification(n: NotificationView): z.infer<typeof notificationObject> {
  return {
    id: n.id,
    object: "notification",
    type: n.type,
    severity: n.severity,
    environment: n.environment,
    title: n.title,
    message: n.message,
    occurred_at: toUnix(n.occurredAt),
    api_key: n.key,
    ip: n.ip,
    expires_at: toUnix(n.expiresAt),
    last_used_at: toUnix(n.lastUsedAt),
    dismissed_at: toUnix(n.dismissedAt),
  };
}
