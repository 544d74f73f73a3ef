import { formatDateTime, formatDuration } from "@/lib/utils/format";
import { PROVIDERS, isProviderName } from "@/lib/credentials/providers";
import { fieldLabel, fieldWords, type AuditNames } from "./changes";

/*
 * One plain sentence per audit event, from its action, actor, target (by
 * name when known) and changes: "owner@acme.test rolled Checkout server; the
 * old secret works for 1 hour". Pure: no database, no React; the names come
 * from lib/audit/query.ts (resolveAuditNames), one batched lookup per page.
 */

export type DescribableEvent = {
  action: string;
  actorType: string;
  actorId: string;
  actorLabel: string;
  targetType: string;
  targetId: string;
  changes: Record<string, unknown>;
  reason: string | null;
};

/** The actions the app records, grouped as the filter offers them, with a short label each. */
export const AUDIT_ACTION_GROUPS = [
  {
    label: "Keys",
    prefix: "api_key.",
    actions: [
      ["api_key.created", "Key created"],
      ["api_key.updated", "Key edited"],
      ["api_key.rolled", "Key rolled"],
      ["api_key.grace_period_ended", "Old secret ended early"],
      ["api_key.revoked", "Key revoked"],
      ["api_key.disabled", "Key disabled"],
      ["api_key.enabled", "Key enabled"],
      ["api_key.secret_revealed", "Secret revealed"],
      ["api_key.refresh_token_issued", "Refresh token issued"],
      ["api_key.refreshed", "Key refreshed"],
      ["api_key.refresh_token_reused", "Refresh token reused"],
      ["api_key.leak_reported", "Key found in public"],
      ["api_key.leak_reported_revoked", "Key found in public and revoked"],
      ["api_key.used_from_new_ip", "Key used from a new IP"],
      ["api_key.new_ip_acknowledged", "New IP confirmed"],
    ],
  },
  {
    label: "Applications",
    prefix: "application.",
    actions: [
      ["application.created", "Application created"],
      ["application.updated", "Application edited"],
      ["application.deleted", "Application deleted"],
    ],
  },
  {
    label: "Provider credentials",
    prefix: "credential.",
    actions: [
      ["credential.added", "Credentials added"],
      ["credential.rotated", "Credentials rotated"],
      ["credential.removed", "Credentials removed"],
      ["credential.decrypted", "Credentials decrypted"],
    ],
  },
  {
    label: "Webhooks",
    prefix: "webhook_endpoint.",
    actions: [
      ["webhook_endpoint.created", "Endpoint added"],
      ["webhook_endpoint.updated", "Endpoint edited"],
      ["webhook_endpoint.deleted", "Endpoint deleted"],
      ["webhook_endpoint.secret_rolled", "Signing secret rolled"],
      ["webhook_endpoint.test_sent", "Test event sent"],
      ["webhook_endpoint.delivery_resent", "Delivery resent"],
      ["webhook_endpoint.disabled", "Endpoint disabled after failures"],
    ],
  },
  {
    label: "Team",
    prefix: "team.",
    actions: [
      ["team.invite_created", "Member invited"],
      ["team.invite_revoked", "Invitation withdrawn"],
      ["team.invite_accepted", "Invitation accepted"],
      ["team.role_changed", "Role changed"],
      ["team.member_removed", "Member removed"],
      ["team.member_left", "Member left"],
      ["team.second_factor_requirement_changed", "Second-factor requirement changed"],
    ],
  },
  {
    label: "Notifications",
    prefix: "notification",
    actions: [
      ["notification.dismissed", "Notification dismissed"],
      ["notification_preferences.updated", "Email notifications changed"],
    ],
  },
  {
    label: "Keyward support",
    prefix: "impersonation.",
    actions: [
      ["impersonation.started", "Support access started"],
      ["impersonation.ended", "Support access ended"],
      ["impersonation.expired", "Support access expired"],
    ],
  },
] as const satisfies readonly { label: string; prefix: string; actions: readonly (readonly [string, string])[] }[];

const ACTION_LABELS: Record<string, string> = Object.fromEntries(AUDIT_ACTION_GROUPS.flatMap((g) => g.actions.map(([a, l]) => [a, l])));
const GROUP_LABELS: Record<string, string> = Object.fromEntries(AUDIT_ACTION_GROUPS.map((g) => [g.prefix, `All ${g.label.toLowerCase()} events`]));

/** "api_key.rolled" → "Key rolled"; a prefix → "All keys events"; an unknown code in words ("widget.frobbed" → "Widget: frobbed"). */
export function actionLabel(action: string): string {
  if (ACTION_LABELS[action]) return ACTION_LABELS[action];
  if (GROUP_LABELS[action]) return GROUP_LABELS[action];
  return readableAction(action);
}

/** "widget_part.frob_twice" → "Widget part: frob twice". */
export function readableAction(action: string): string {
  const [kind, ...rest] = action.split(".");
  const what = rest.join(" ").replace(/_/g, " ").trim();
  const noun = fieldWords(kind ?? action);
  return what ? `${noun}: ${what}` : noun;
}

const str = (v: unknown): string | null => (typeof v === "string" && v !== "" ? v : null);
/** The after side of a [before, after] pair, or the value itself. */
const latest = (v: unknown): unknown => (Array.isArray(v) && v.length === 2 ? v[1] : v);

function providerLabel(v: unknown): string {
  const s = str(v);
  return s && isProviderName(s) ? PROVIDERS[s].label : (s ?? "provider");
}

/** Who acted, as the subject of a sentence. */
export function actorPhrase(e: Pick<DescribableEvent, "actorType" | "actorId" | "actorLabel">, names: AuditNames = {}): string {
  switch (e.actorType) {
    case "staff":
      return `Keyward support (${e.actorLabel.replace(/ \(support\)$/, "")})`;
    case "api_key":
      return `The API key ${names[e.actorId] ?? e.actorLabel}`;
    case "system":
      return "Keyward";
    default:
      return e.actorLabel;
  }
}

const TARGET_NOUNS: Record<string, string> = {
  api_key: "key",
  application: "application",
  provider_credential: "provider credentials",
  membership: "member",
  invite: "invitation",
  webhook_endpoint: "webhook endpoint",
  refresh_chain: "refresh chain",
  notification: "notification",
  master_key: "master key",
};

/** What the event is about, by name when known, else by what the event itself recorded, else by id. */
export function targetPhrase(e: Pick<DescribableEvent, "targetType" | "targetId" | "changes">, names: AuditNames = {}): string {
  const known = names[e.targetId];
  if (known) return known;
  const c = e.changes;
  switch (e.targetType) {
    case "api_key":
    case "application": {
      const name = str(latest(c.name));
      if (name) return name;
      break;
    }
    case "membership":
    case "invite": {
      const email = str(c.email);
      if (email) return email;
      break;
    }
    case "webhook_endpoint": {
      const url = str(latest(c.url));
      if (url) return url;
      break;
    }
    case "provider_credential": {
      const app = str(c.applicationId);
      return `${providerLabel(c.provider)} credentials${app ? ` of ${names[app] ?? app}` : ""}`;
    }
    case "merchant":
      return "this account";
  }
  return `${TARGET_NOUNS[e.targetType] ?? fieldWords(e.targetType).toLowerCase()} ${e.targetId}`;
}

function list(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

function changedFields(changes: Record<string, unknown>): string {
  return list(Object.keys(changes).map((f) => fieldLabel(f).toLowerCase()));
}

function seconds(v: unknown): number | null {
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

function moment(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : formatDateTime(d);
}

/** One plain sentence for an event. Unknown actions get a readable form of their code. */
export function describeAuditEvent(e: DescribableEvent, names: AuditNames = {}): string {
  const who = actorPhrase(e, names);
  const what = targetPhrase(e, names);
  const c = e.changes;
  switch (e.action) {
    // ---- keys
    case "api_key.created": {
      const kind = [str(c.environment), str(c.type)].filter(Boolean).join(" ");
      return `${who} created ${what}${kind ? `, a ${kind} key` : ""}`;
    }
    case "api_key.updated":
      if (Object.keys(c).length === 1 && Array.isArray(c.name)) return `${who} renamed ${str(c.name[0]) ?? "a key"} to ${str(c.name[1]) ?? what}`;
      return `${who} changed the ${changedFields(c) || "settings"} of ${what}`;
    case "api_key.rolled": {
      const grace = seconds(c.gracePeriodSeconds);
      const successor = str(c.successor);
      const tail =
        grace === null ? "" : grace === 0 ? "; the old secret stopped working at once" : `; the old secret works for ${formatDuration(grace)}`;
      const into = successor && names[successor] && names[successor] !== what ? ` into ${names[successor]}` : "";
      return `${who} rolled ${what}${into}${tail}`;
    }
    case "api_key.grace_period_ended":
      return `${who} ended the grace period of ${what} early; its old secret no longer works`;
    case "api_key.revoked":
      if (c.cause === "refresh_token_reuse") return `${who} revoked ${what} because a spent refresh token was presented again`;
      return `${who} revoked ${what}`;
    case "api_key.disabled":
      return `${who} disabled ${what}; it is refused until enabled again`;
    case "api_key.enabled":
      return `${who} enabled ${what} again`;
    case "api_key.secret_revealed":
      return `${who} revealed the secret of ${what}`;
    case "api_key.refresh_token_issued":
      return `${who} issued a refresh token for ${what}`;
    case "api_key.refreshed": {
      const successor = str(c.successor);
      return `${who} exchanged a refresh token: ${successor ? (names[successor] ?? "a new key") : "a new key"} replaces ${what}`;
    }
    case "api_key.refresh_token_reused": {
      const keys = Array.isArray(c.revokedKeys) ? c.revokedKeys.length : 0;
      const ip = str(c.presentedFromIp);
      return `A spent refresh token was presented again${ip ? ` from ${ip}` : ""}; Keyward revoked ${keys === 1 ? "1 key" : `${keys} keys`} of its refresh chain`;
    }
    case "api_key.leak_reported_revoked":
      return `Secret scanner ${str(c.reporter) ?? "a scanner"} found ${what} in public; Keyward revoked it`;
    case "api_key.leak_reported":
      return `Secret scanner ${str(c.reporter) ?? "a scanner"} found the publishable key ${what} in public; it stays active (publishable keys are public by design)`;
    case "api_key.used_from_new_ip":
      return `${what} was used from a new IP address${str(c.ip) ? `, ${c.ip}` : ""}`;
    case "api_key.new_ip_acknowledged":
      return `${who} confirmed that ${what} being used from ${str(c.ip) ?? "a new IP address"} was expected`;
    // ---- applications
    case "application.created":
      return `${who} created the application ${what}${str(c.environment) ? ` (${c.environment})` : ""}`;
    case "application.updated":
      if (Object.keys(c).length === 1 && Array.isArray(c.name)) return `${who} renamed the application ${str(c.name[0]) ?? "?"} to ${str(c.name[1]) ?? what}`;
      return `${who} changed the ${changedFields(c) || "settings"} of the application ${what}`;
    case "application.deleted": {
      const providers = Array.isArray(c.removedProviders) ? c.removedProviders.map(providerLabel) : [];
      return `${who} deleted the application ${what}${providers.length ? ` and its ${list(providers)} credentials` : ""}`;
    }
    // ---- provider credentials
    case "credential.added":
    case "credential.rotated":
    case "credential.removed":
    case "credential.decrypted": {
      const app = str(c.applicationId);
      const appName = app ? (names[app] ?? app) : "an application";
      const provider = providerLabel(c.provider);
      if (e.action === "credential.added") return `${who} added ${provider} credentials to ${appName}`;
      if (e.action === "credential.rotated") return `${who} rotated the ${provider} credentials of ${appName}`;
      if (e.action === "credential.removed") return `${who} removed the ${provider} credentials from ${appName}`;
      return `${who} decrypted the ${provider} credentials of ${appName}${str(c.purpose) ? ` to ${c.purpose}` : ""}`;
    }
    case "credential.master_key_rotated":
      return `${who} rotated the master key and re-encrypted ${seconds(c.rewrapped) ?? 0} credentials`;
    // ---- webhooks
    case "webhook_endpoint.created":
      return `${who} added the webhook endpoint ${what}`;
    case "webhook_endpoint.updated":
      return `${who} changed the ${changedFields(c) || "settings"} of the webhook endpoint ${what}`;
    case "webhook_endpoint.deleted":
      return `${who} deleted the webhook endpoint ${what}`;
    case "webhook_endpoint.secret_rolled": {
      const overlap = seconds(c.overlapSeconds);
      return `${who} rolled the signing secret of ${what}${overlap ? `; the old one is also used for ${formatDuration(overlap)}` : ""}`;
    }
    case "webhook_endpoint.test_sent":
      return `${who} sent a test event to ${what}`;
    case "webhook_endpoint.delivery_resent":
      return `${who} resent a delivery to ${what}`;
    case "webhook_endpoint.disabled": {
      const since = moment(c.failingSince);
      return `Keyward disabled the webhook endpoint ${what}: deliveries kept failing${since ? ` since ${since}` : ""}`;
    }
    // ---- team
    case "team.invite_created":
      return `${who} invited ${what}${str(c.role) ? ` as ${c.role}` : ""}`;
    case "team.invite_revoked":
      return `${who} withdrew the invitation of ${what}${"replacedBy" in c ? " (a new invitation replaces it)" : ""}`;
    case "team.invite_accepted":
      return `${what} accepted the invitation and joined${str(c.role) ? ` as ${c.role}` : ""}`;
    case "team.role_changed": {
      const [from, to] = Array.isArray(c.role) ? c.role : [];
      return `${who} changed the role of ${what}${str(from) && str(to) ? ` from ${from} to ${to}` : ""}`;
    }
    case "team.member_removed":
      return `${who} removed ${what}${str(c.role) ? ` (${c.role})` : ""} from the team`;
    case "team.member_left":
      return `${what} left the team`;
    case "team.second_factor_requirement_changed":
      return latest(c.requireSecondFactor) === true
        ? `${who} required every member to use a second factor`
        : `${who} stopped requiring a second factor`;
    // ---- notifications
    case "notification.dismissed":
      return `${who} dismissed the notification${str(c.title) ? ` “${c.title}”` : ""}`;
    case "notification_preferences.updated":
      return `${who} changed their email notifications`;
    // ---- support access
    case "impersonation.started": {
      const ticket = str(c.ticketRef);
      return `${who} started accessing this account${ticket ? ` (ticket ${ticket})` : ""}${e.reason ? `: ${e.reason}` : ""}`;
    }
    case "impersonation.ended": {
      const d = seconds(c.durationSeconds);
      return `${who} stopped accessing this account${d !== null ? ` after ${formatDuration(d)}` : ""}`;
    }
    case "impersonation.expired": {
      const d = seconds(c.durationSeconds);
      return `${who}: support access to this account expired${d !== null ? ` after ${formatDuration(d)}` : ""}`;
    }
    default:
      return `${who}: ${readableAction(e.action)} (${what})`;
  }
}
