/**
 * The events a member can be emailed about, in the order the preferences
 * page lists them. Events about a key, an application or a credential
 * belong to an environment, and can be limited to live ones; team and
 * support events belong to none.
 */

export type EmailChoice = "all" | "live";

export type EmailEventType = {
  type: string;
  label: string;
  /** Whether the event carries an environment (and so can be limited to live). */
  scoped: boolean;
  /** What a member gets without preferences of their own. */
  defaultChoice: EmailChoice | null;
};

export const EMAIL_EVENT_TYPES: readonly EmailEventType[] = [
  { type: "api_key.leaked", label: "A key was found in public and revoked", scoped: true, defaultChoice: "all" },
  { type: "api_key.used_from_new_ip", label: "A key was used from a new IP address", scoped: true, defaultChoice: "live" },
  { type: "api_key.rotation_still_in_use", label: "A rolled key's old secret is still in use near its end", scoped: true, defaultChoice: "all" },
  { type: "api_key.expiring", label: "A key expires soon (7 days and 1 day before)", scoped: true, defaultChoice: "all" },
  { type: "api_key.expired", label: "A key expired", scoped: true, defaultChoice: null },
  { type: "api_key.created", label: "A key was created", scoped: true, defaultChoice: null },
  { type: "api_key.updated", label: "A key was edited", scoped: true, defaultChoice: null },
  { type: "api_key.rolled", label: "A key was rolled", scoped: true, defaultChoice: null },
  { type: "api_key.revoked", label: "A key was revoked", scoped: true, defaultChoice: null },
  { type: "api_key.disabled", label: "A key was disabled", scoped: true, defaultChoice: null },
  { type: "api_key.enabled", label: "A key was enabled again", scoped: true, defaultChoice: null },
  { type: "provider_credential.rotated", label: "A payment provider credential was rotated", scoped: true, defaultChoice: null },
  { type: "team.member_added", label: "Someone joined the team", scoped: false, defaultChoice: null },
  { type: "team.member_removed", label: "Someone was removed from the team", scoped: false, defaultChoice: null },
  { type: "team.role_changed", label: "A member's role changed", scoped: false, defaultChoice: null },
  { type: "impersonation.started", label: "Keyward support started accessing the account", scoped: false, defaultChoice: null },
  { type: "impersonation.ended", label: "Keyward support access ended", scoped: false, defaultChoice: null },
];

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
