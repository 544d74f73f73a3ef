/**
 * The events merchants can subscribe to (webhooks) and be emailed about.
 * Payloads name the object, the actor and the time, never a secret.
 */
export const EVENT_TYPES = [
  { type: "api_key.created", label: "Key created", description: "A key was created." },
  { type: "api_key.updated", label: "Key updated", description: "A key's name, description, permissions, metadata, expiry or allowed IPs changed." },
  { type: "api_key.rolled", label: "Key rolled", description: "A key was rolled: a successor was created and the old secret has a grace period." },
  { type: "api_key.revoked", label: "Key revoked", description: "A key was revoked (by a member, a script, refresh-token reuse or a leak report)." },
  { type: "api_key.expiring", label: "Key expiring", description: "A key expires in 7 days, and again when it expires within a day." },
  { type: "api_key.expired", label: "Key expired", description: "A key reached its expiry (including an old secret at the end of its grace period)." },
  { type: "api_key.leaked", label: "Key leaked", description: "A key was found in public by a secret scanner and revoked." },
  { type: "api_key.used_from_new_ip", label: "Key used from a new IP", description: "A key was used from an IP address it had not been used from before." },
  { type: "api_key.rotation_still_in_use", label: "Rotation still in use", description: "A rolled key's old secret is still used within an hour of the end of its grace period." },
  { type: "api_key.disabled", label: "Key disabled", description: "A key was paused: it is refused until enabled again." },
  { type: "api_key.enabled", label: "Key enabled", description: "A paused key was enabled again." },
  { type: "provider_credential.rotated", label: "Provider credential rotated", description: "An application's payment-provider key was replaced." },
  { type: "team.member_added", label: "Member added", description: "Someone joined the team (an invitation was accepted)." },
  { type: "team.member_removed", label: "Member removed", description: "A member was removed or left the team." },
  { type: "team.member_role_changed", label: "Member role changed", description: "A member's role changed." },
  { type: "impersonation.started", label: "Support access started", description: "Keyward support started acting in this account." },
  { type: "impersonation.ended", label: "Support access ended", description: "Keyward support stopped acting in this account, or its time ran out." },
] as const;

export type EventType = (typeof EVENT_TYPES)[number]["type"];

export const EVENT_TYPE_NAMES = EVENT_TYPES.map((e) => e.type) as [EventType, ...EventType[]];

/** Sent only by "Send test event", to one endpoint; nobody subscribes to it. */
export const TEST_EVENT_TYPE = "webhook.test";

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPE_NAMES as string[]).includes(value);
}

/** Events about no environment's objects (the team, support access) go to live endpoints only. */
export const MERCHANT_WIDE_EVENT_PREFIXES = ["team.", "impersonation."];
