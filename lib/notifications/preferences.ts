import "server-only";
import { db } from "@/lib/db";
import { decodeJsonObject } from "@/lib/db/json-columns";
import type { UserActor } from "@/lib/auth/actor";
import type { SignedInUser } from "@/lib/auth/session";
import { recordAudit } from "@/lib/audit/record";
import { ServiceError, notFound, zodFieldErrors } from "@/lib/errors";
import { isRole } from "@/lib/permissions";
import { DEFAULT_EMAIL_PREFERENCES, EMAIL_EVENT_TYPES, emailEventType, type EmailPreferences } from "./event-types";
import { emailPreferencesSchema, type EmailPreferencesInput } from "@/lib/validations/notification";

/** A stored preferences row, read defensively: anything unknown is dropped. */
export function decodePreferences(json: string | null | undefined): EmailPreferences {
  if (json === null || json === undefined) return { ...DEFAULT_EMAIL_PREFERENCES };
  try {
    const out: EmailPreferences = {};
    for (const [type, choice] of Object.entries(decodeJsonObject(json))) {
      const known = emailEventType(type);
      if (known && (choice === "all" || (choice === "live" && known.scoped))) out[type] = choice;
    }
    return out;
  } catch {
    return {};
  }
}

export type MembershipPreferences = {
  membershipId: string;
  merchantName: string;
  role: string;
  preferences: EmailPreferences;
  /** False while the member keeps the defaults. */
  customized: boolean;
};

/** The signed-in user's preferences, one set per merchant they belong to. */
export async function listEmailPreferences(user: SignedInUser): Promise<MembershipPreferences[]> {
  const memberships = await db.membership.findMany({
    where: { userId: user.id },
    orderBy: { createdAt: "asc" },
    select: { id: true, role: true, merchant: { select: { name: true } }, notificationPreference: { select: { emailEvents: true } } },
  });
  return memberships.map((m) => ({
    membershipId: m.id,
    merchantName: m.merchant.name,
    role: m.role,
    preferences: decodePreferences(m.notificationPreference?.emailEvents),
    customized: m.notificationPreference !== null,
  }));
}



/**
 * Saves one membership's choices (types left out are off). Only the member
 * changes their own; the change is audited in the merchant's log.
 */
export async function saveEmailPreferences(user: SignedInUser, input: EmailPreferencesInput): Promise<EmailPreferences> {
  const parsed = emailPreferencesSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(parsed.error.issues));
  const { membershipId, events } = parsed.data;
  const preferences: EmailPreferences = {};
  for (const t of EMAIL_EVENT_TYPES) {
    const choice = events[t.type];
    if (choice === "all" || choice === "live") preferences[t.type] = choice;
  }
  return db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({
      where: { id: membershipId, userId: user.id },
      select: { id: true, merchantId: true, role: true, notificationPreference: { select: { emailEvents: true } } },
    });
    if (!membership || !isRole(membership.role)) throw notFound("No such membership");
    const before = decodePreferences(membership.notificationPreference?.emailEvents);
    const emailEvents = JSON.stringify(preferences);
    await tx.notificationPreference.upsert({
      where: { membershipId: membership.id },
      create: { membershipId: membership.id, emailEvents },
      update: { emailEvents },
    });
    const actor: UserActor = { kind: "user", userId: user.id, label: user.email, merchantId: membership.merchantId, role: membership.role };
    await recordAudit(tx, actor, {
      action: "notification_preferences.updated",
      targetType: "membership",
      targetId: membership.id,
      environment: null,
      changes: { emailEvents: [before, preferences] },
    });
    return preferences;
  });
}
