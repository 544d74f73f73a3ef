import { z } from "zod";
import { EMAIL_EVENT_TYPES, emailEventType } from "@/lib/notifications/event-types";

/** Notification inputs, shared by the keys page, the notifications API and the preferences page. */

export const notificationIdSchema = z.string().max(24, "Not a valid notification id").regex(/^ntf_[0-9A-Za-z]{20}$/, "Not a valid notification id");

export const dismissNotificationsSchema = z.object({ ids: z.array(notificationIdSchema).min(1, "Nothing to dismiss").max(200) }).strict();
export type DismissNotificationsInput = z.input<typeof dismissNotificationsSchema>;

const choiceSchema = z.enum(["off", "all", "live"], { error: "Choose off, all or live" });

export const emailPreferencesSchema = z
  .object({
    membershipId: z.string().max(64),
    events: z.record(z.string().max(64), choiceSchema).refine((r) => Object.keys(r).length <= EMAIL_EVENT_TYPES.length, "Too many event types"),
  })
  .strict()
  .superRefine((v, ctx) => {
    for (const [type, choice] of Object.entries(v.events)) {
      const known = emailEventType(type);
      if (!known) ctx.addIssue({ code: "custom", path: ["events", type], message: "Unknown event type" });
      else if (choice === "live" && !known.scoped) ctx.addIssue({ code: "custom", path: ["events", type], message: "This event belongs to no environment" });
    }
  });
export type EmailPreferencesInput = z.input<typeof emailPreferencesSchema>;
