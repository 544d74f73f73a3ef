/**
 * The events a member can be emailed about, in the order the preferences
 * page lists them. Events about a key, an application or a credential
 * belong to an environment, and can be limited to live ones; team and
 * support events belong to none.
 */

import { EVENT_TYPES, MERCHANT_WIDE_EVENT_PREFIXES, type EventType } from "@/lib/events/types";

export type EmailChoice = "all" | "live";

export type EmailEventType = {
  type: string;
  label: string;
  /** Whether the event carries an environment (and so can be limited to live). */
  scoped: boolean;
  /** What a member gets without preferences of their own. */
  defaultChoice: EmailChoice | null;
};

/** How the preferences page words each event; every event type needs one (the Record makes it so). */
const EMAIL_LABELS: Record<EventType, string> = {
  "api_key.leaked": "A key was found in public and revoked",
  "api_key.used_from_new_ip": "A key was used from a new IP address",
  "api_key.rotation_still_in_use": "A rolled key's old secret is still in use near its end",
  "api_key.expiring": "A key expires soon (7 days and 1 day before)",
  "api_key.expired": "A key expired",
  "api_key.created": "A key was created",
  "api_key.updated": "A key was edited",
  "api_key.rolled": "A key was rolled",
  "api_key.revoked": "A key was revoked",
  "api_key.disabled": "A key was disabled",
  "api_key.enabled": "A key was enabled again",
  "provider_credential.rotated": "A payment provider credential was rotated",
  "team.member_added": "Someone joined the team",
  "team.member_removed": "Someone was removed from the team",
  "team.member_role_changed": "A member's role changed",
  "impersonation.started": "Keyward support started accessing the account",
  "impersonation.ended": "Keyward support access ended",
};

/** What a member gets without preferences of their own: the events that need someone to act. */
const DEFAULT_CHOICES: Partial<Record<EventType, EmailChoice>> = {
  "api_key.leaked": "all",
  "api_key.used_from_new_ip": "live",
  "api_key.rotation_still_in_use": "all",
  "api_key.expiring": "all",
};

/** Derived from the one list of event types (lib/events/types.ts): those that need action first, then the rest in its order. */
export const EMAIL_EVENT_TYPES: readonly EmailEventType[] = [
  ...EVENT_TYPES.filter((e) => DEFAULT_CHOICES[e.type]).sort(
    (a, b) => Object.keys(DEFAULT_CHOICES).indexOf(a.type) - Object.keys(DEFAULT_CHOICES).indexOf(b.type),
  ),
  ...EVENT_TYPES.filter((e) => !DEFAULT_CHOICES[e.type]),
].map((e) => ({
  type: e.type,
  label: EMAIL_LABELS[e.type],
  scoped: !MERCHANT_WIDE_EVENT_PREFIXES.some((p) => e.type.startsWith(p)),
  defaultChoice: DEFAULT_CHOICES[e.type] ?? null,
}));

const BY_TYPE = new Map(EMAIL_EVENT_TYPES.map((t) => [t.type, t]));

export function emailEventType(type: string): EmailEventType | undefined {
  return BY_TYPE.get(type);
}

export type EmailPreferences = Record<string, EmailChoice>;

export const DEFAULT_EMAIL_PREFERENCES: EmailPreferences = Object.fromEntries(
  EMAIL_EVENT_TYPES.flatMap((t) => (t.defaultChoice ? [[t.type, t.defaultChoice]] : [])),
);

/** Whether preferences ask for this event by email: its type chosen, and a live-only choice met by a live event. */
export function wantsEmail(preferences: EmailPreferences, type: string, environment: "test" | "live" | null): boolean {
  const choice = Object.hasOwn(preferences, type) ? preferences[type] : undefined;
  if (!choice || !BY_TYPE.has(type)) return false;
  return choice === "all" || environment === "live";
}
