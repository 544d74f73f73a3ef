import { formatDateTime, formatDuration } from "@/lib/utils/format";
import { PROVIDERS, isProviderName } from "@/lib/credentials/providers";

/*
 * An audit event's `changes`, in words: field names a merchant understands,
 * values formatted the way the rest of the dashboard writes them (durations,
 * dates, yes/no), changed fields as before → after, and lists as what was
 * added and what was removed. Pure: no database, no React.
 */

/** Names of the objects an event refers to, by id (keys, applications, members, endpoints…). */
export type AuditNames = Readonly<Record<string, string>>;

export type ChangeGroup = { label: "Added" | "Removed" | "Revoked" | "Replaced" | null; items: string[] };

export type ChangeLine =
  | { field: string; label: string; kind: "value"; value: string }
  | { field: string; label: string; kind: "diff"; before: string; after: string }
  | { field: string; label: string; kind: "list"; groups: ChangeGroup[] };

type Format = "text" | "duration" | "date" | "boolean" | "number" | "id" | "provider" | "ips" | "role";

type FieldSpec = {
  label: string;
  format?: Format;
  /** What an empty value (null, "", []) means for this field. */
  empty?: string;
  /** A list that is a fact, not a before/after pair: its items under this heading. */
  listAs?: ChangeGroup["label"];
};

const FIELDS: Record<string, FieldSpec> = {
  name: { label: "Name" },
  description: { label: "Description", empty: "none" },
  type: { label: "Type" },
  environment: { label: "Environment" },
  permissions: { label: "Permissions" },
  metadata: { label: "Metadata", empty: "none" },
  allowedIps: { label: "Allowed IPs", format: "ips", empty: "any IP" },
  expiresAt: { label: "Expires", format: "date", empty: "never" },
  previousExpiresAt: { label: "Old secret stops working", format: "date", empty: "never" },
  gracePeriodSeconds: { label: "Grace period", format: "duration" },
  successor: { label: "New key", format: "id" },
  status: { label: "Status" },
  cause: { label: "Cause" },
  chain: { label: "Refresh chain", format: "id" },
  lastUsedAt: { label: "Last used", format: "date", empty: "never" },
  refreshTokenExpiresAt: { label: "Refresh token expires", format: "date" },
  publishableKeyId: { label: "Publishable key", format: "id", empty: "none" },
  refreshTokenId: { label: "Refresh token", format: "id" },
  revokedKeys: { label: "Keys", format: "id", listAs: "Revoked", empty: "none" },
  revokedTokens: { label: "Refresh tokens revoked", format: "number" },
  presentedFromIp: { label: "Presented from IP", empty: "unknown" },
  ip: { label: "IP address" },
  firstSeenAt: { label: "First seen", format: "date" },
  prefix: { label: "Key prefix" },
  key_prefix: { label: "Key prefix" },
  source_url: { label: "Found at" },
  source: { label: "Source" },
  reporter: { label: "Reported by" },
  applicationId: { label: "Application", format: "id" },
  provider: { label: "Provider", format: "provider" },
  mask: { label: "Secret" },
  publicFields: { label: "Public fields", empty: "none" },
  purpose: { label: "Purpose" },
  removedProviders: { label: "Provider credentials", format: "provider", listAs: "Removed", empty: "none" },
  rewrapped: { label: "Credentials re-encrypted", format: "number" },
  resealed: { label: "Secrets re-sealed", format: "number" },
  fromMasterKeys: { label: "Previous master keys", listAs: null, empty: "none" },
  failed: { label: "Failed", format: "number" },
  email: { label: "Email" },
  role: { label: "Role", format: "role" },
  invite: { label: "Invitation", format: "id" },
  replacedBy: { label: "Replaced by invitation", format: "id", empty: "none" },
  replacedInvites: { label: "Earlier invitations", format: "id", listAs: "Replaced" },
  sessionsEnded: { label: "Sessions ended", format: "number" },
  requireSecondFactor: { label: "Second factor required", format: "boolean" },
  ticketRef: { label: "Ticket", empty: "none" },
  startedAt: { label: "Started", format: "date" },
  endedAt: { label: "Ended", format: "date" },
  endedBy: { label: "Ended by" },
  durationSeconds: { label: "Duration", format: "duration" },
  keyId: { label: "Key", format: "id" },
  title: { label: "Notification" },
  emailEvents: { label: "Email notifications", empty: "none" },
  url: { label: "URL" },
  eventTypes: { label: "Events", empty: "none" },
  enabled: { label: "Enabled", format: "boolean" },
  reason: { label: "Reason" },
  failingSince: { label: "Failing since", format: "date" },
  previousSecretExpiresAt: { label: "Old signing secret stops working", format: "date", empty: "at once" },
  overlapSeconds: { label: "Old signing secret kept for", format: "duration" },
  delivery: { label: "Delivery", format: "id" },
  event: { label: "Event", format: "id" },
};

/** Words for a few coded values (a key's status, why something happened). */
const VALUE_WORDS: Record<string, string> = {
  refresh_token_reuse: "a spent refresh token was presented again",
  expiry: "its time ran out",
  failing: "deliveries kept failing",
  merchant: "a team member",
  staff: "Keyward support",
};

/** Fields changed as [before, after] on these events ("*": every field). Elsewhere a two-item list is a list. */
const DIFF_FIELDS: Record<string, "*" | readonly string[]> = {
  "api_key.updated": "*",
  "api_key.revoked": ["status"],
  "api_key.leak_reported_revoked": ["status"],
  "api_key.disabled": ["status"],
  "api_key.enabled": ["status"],
  "api_key.grace_period_ended": ["expiresAt"],
  "application.updated": "*",
  "credential.rotated": ["mask", "publicFields"],
  "team.role_changed": ["role"],
  "team.second_factor_requirement_changed": ["requireSecondFactor"],
  "notification_preferences.updated": ["emailEvents"],
  "webhook_endpoint.updated": "*",
};

/** Fields the event's sentence already says, left out of its list of changes (the raw event keeps them). */
const SAID_IN_SENTENCE: Record<string, readonly string[]> = {
  "api_key.disabled": ["name", "prefix"],
  "api_key.enabled": ["name", "prefix"],
  "api_key.used_from_new_ip": ["name", "ip"],
  "api_key.new_ip_acknowledged": ["name", "ip"],
  "api_key.created": ["name", "type", "environment"],
  "api_key.rolled": ["gracePeriodSeconds", "successor"],
  "credential.added": ["applicationId", "provider"],
  "credential.rotated": ["applicationId", "provider"],
  "credential.removed": ["applicationId", "provider"],
  "credential.decrypted": ["applicationId", "provider"],
  "team.invite_created": ["email"],
  "team.invite_revoked": ["email"],
  "team.invite_accepted": ["email"],
  "team.role_changed": ["email"],
  "team.member_removed": ["email"],
  "team.member_left": ["email"],
  "team.second_factor_requirement_changed": ["requireSecondFactor"],
  "impersonation.ended": ["durationSeconds"],
  "impersonation.expired": ["durationSeconds"],
  "application.created": ["name", "environment"],
  "webhook_endpoint.created": ["url"],
  "webhook_endpoint.deleted": ["url"],
};

/** "gracePeriodSeconds" → "Grace period seconds", "source_url" → "Source url": any field we have no words for. */
export function fieldWords(field: string): string {
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_.\-]+/g, " ")
    .trim()
    .toLowerCase();
  return words ? words[0]!.toUpperCase() + words.slice(1) : field;
}

export function fieldLabel(field: string): string {
  return FIELDS[field]?.label ?? fieldWords(field);
}

const ISO_MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function isEmpty(value: unknown): boolean {
  return value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One value in words, by the field's format; ids become names when known. */
export function formatValue(value: unknown, format: Format = "text", names: AuditNames = {}, empty = "none"): string {
  if (isEmpty(value)) return empty;
  if (Array.isArray(value)) return value.map((v) => formatValue(v, format, names, empty)).join(", ");
  if (isPlainObject(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}: ${formatValue(v, "text", names, empty)}`)
      .join(", ");
  }
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") {
    if (format === "duration") return formatDuration(value);
    return value.toLocaleString("en-US");
  }
  const s = String(value);
  if (format === "duration" && /^\d+$/.test(s)) return formatDuration(Number(s));
  if (ISO_MOMENT.test(s)) {
    const d = new Date(s);
    if (!Number.isNaN(d.getTime())) return formatDateTime(d);
  }
  if (format === "provider" && isProviderName(s)) return PROVIDERS[s].label;
  if (names[s]) return names[s];
  if (format === "role") return s;
  return VALUE_WORDS[s] ?? s;
}

function isDiff(action: string, field: string, value: unknown): value is [unknown, unknown] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const fields = DIFF_FIELDS[action];
  if (fields === "*") return true;
  if (fields) return fields.includes(field);
  // An event we have no words for: only updates and changes record pairs.
  return /(\.updated|_changed)$/.test(action);
}

function listItems(value: unknown[], format: Format, names: AuditNames): string[] {
  return value.map((v) => formatValue(v, format, names));
}

/** What was added to and removed from a list (or an object's entries) between before and after. */
function listDiff(before: unknown, after: unknown, format: Format, names: AuditNames): ChangeGroup[] {
  const entries = (v: unknown): string[] =>
    isEmpty(v) ? [] : Array.isArray(v) ? listItems(v, format, names) : isPlainObject(v) ? Object.entries(v).map(([k, x]) => `${k}: ${formatValue(x, "text", names)}`) : [formatValue(v, format, names)];
  const b = entries(before);
  const a = entries(after);
  const added = a.filter((x) => !b.includes(x));
  const removed = b.filter((x) => !a.includes(x));
  const groups: ChangeGroup[] = [];
  if (added.length) groups.push({ label: "Added", items: added });
  if (removed.length) groups.push({ label: "Removed", items: removed });
  if (groups.length === 0) groups.push({ label: null, items: ["same items, new order"] });
  return groups;
}

/** An event's changes as lines to show, in the order they were recorded. */
export function describeChanges(action: string, changes: Record<string, unknown>, names: AuditNames = {}): ChangeLine[] {
  const hidden = SAID_IN_SENTENCE[action] ?? [];
  const lines: ChangeLine[] = [];
  for (const [field, value] of Object.entries(changes)) {
    if (hidden.includes(field)) continue;
    const spec = FIELDS[field];
    const label = fieldLabel(field);
    const format = spec?.format ?? "text";
    const empty = spec?.empty ?? "none";
    if (isDiff(action, field, value)) {
      const [before, after] = value;
      const listy = Array.isArray(before) || Array.isArray(after) || isPlainObject(before) || isPlainObject(after);
      if (listy) lines.push({ field, label, kind: "list", groups: listDiff(before, after, format, names) });
      else lines.push({ field, label, kind: "diff", before: formatValue(before, format, names, empty), after: formatValue(after, format, names, empty) });
    } else if (Array.isArray(value) && value.length > 0) {
      lines.push({ field, label, kind: "list", groups: [{ label: spec?.listAs ?? null, items: listItems(value, format, names) }] });
    } else {
      lines.push({ field, label, kind: "value", value: formatValue(value, format, names, empty) });
    }
  }
  return lines;
}

/** A change line as one line of plain text (for the CSV and for tests). */
export function changeLineText(line: ChangeLine): string {
  if (line.kind === "value") return `${line.label}: ${line.value}`;
  if (line.kind === "diff") return `${line.label}: ${line.before} → ${line.after}`;
  return `${line.label}: ${line.groups.map((g) => (g.label ? `${g.label}: ${g.items.join(", ")}` : g.items.join(", "))).join("; ")}`;
}
