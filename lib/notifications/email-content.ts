import type { NotifiableEvent } from "./email";
import { emailEventType } from "./event-types";
import { formatDateTime } from "@/lib/utils/format";

/**
 * Subject and text of a notification email. Built only from named, bounded
 * fields of the event (names, display prefixes, addresses, times): never
 * from the payload as a whole, so nothing the payload might carry (a
 * secret, a token) can reach a mailbox. Strings shaped like a key secret
 * are masked all the same.
 */

const SECRET_SHAPE = /\b(sk|rk|rt)_(test|live)_[0-9A-Za-z]{12,}/g;

function clean(value: unknown, max = 120): string | null {
  if (typeof value !== "string" && typeof value !== "number") return null;
  const text = String(value).replace(/[\r\n\t]+/g, " ").trim();
  if (!text) return null;
  const masked = text.replace(SECRET_SHAPE, (m) => `${m.slice(0, 12)}…`);
  return masked.length > max ? `${masked.slice(0, max - 1)}…` : masked;
}

function record(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A time given as a Date, Unix seconds or an ISO string, as UTC text. */
function when(value: unknown): string | null {
  const date =
    value instanceof Date ? value : typeof value === "number" ? new Date(value * 1000) : typeof value === "string" ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return null;
  return formatDateTime(date);
}

/** The key an event is about, wherever the payload puts it (an `api_key` or `key` object, or flat fields). */
function keyOf(data: Record<string, unknown>) {
  const k = record(data.api_key) ?? record(data.key) ?? record(data.object) ?? data;
  return {
    name: clean(k.name),
    prefix: clean(k.prefix ?? data.key_prefix, 24),
    id: clean(k.id ?? data.key_id ?? data.api_key_id, 40),
    expiresAt: when(k.expires_at ?? data.expires_at),
  };
}

export type EmailContent = { subject: string; text: string };

export function emailContent(event: NotifiableEvent, merchantName: string, dashboardUrl: string | null): EmailContent {
  const data = event.data;
  const key = keyOf(data);
  const ip = clean(data.ip ?? record(data.usage)?.ip, 64);
  const env = event.environment ? `${event.environment} ` : "";
  const named = key.name ? `“${key.name}”` : "a key";
  const label = emailEventType(event.type)?.label ?? event.type;
  const merchant = clean(merchantName) ?? "your merchant";

  let subject: string;
  let what: string;
  switch (event.type) {
    case "api_key.leaked":
      subject = `The ${env}key ${named} was found in public and revoked`;
      what = `A secret scanner reported the ${env}key ${named} in a public place${clean(data.url ?? data.source_url, 300) ? ` (${clean(data.url ?? data.source_url, 300)})` : ""}. Keyward revoked it: requests using it now fail. Create or roll a key and update what used it.`;
      break;
    case "api_key.used_from_new_ip":
      subject = `The ${env}key ${named} was used from a new IP address${ip ? ` (${ip})` : ""}`;
      what = `The ${env}key ${named} was used from ${ip ?? "an IP address"} for the first time. If you do not recognise the address, roll or revoke the key.`;
      break;
    case "api_key.rotation_still_in_use":
      subject = `The old secret of ${named} is still in use`;
      what = `The ${env}key ${named} was rolled, but its old secret is still being used${key.expiresAt ? ` and stops working at ${key.expiresAt}` : " and stops working soon"}. Move what still uses it to the new secret.`;
      break;
    case "api_key.expiring":
      subject = `The ${env}key ${named} expires ${key.expiresAt ? `at ${key.expiresAt}` : "soon"}`;
      what = `The ${env}key ${named} stops working when it expires. Roll it, or change its expiry, before then.`;
      break;
    default:
      subject = `${label} (${merchant})`;
      what = `${label}${key.name ? `: ${named}` : ""}.`;
  }

  const lines = [
    what,
    "",
    `Merchant: ${merchant}`,
    ...(key.name ? [`Key: ${key.name}${key.prefix ? ` (${key.prefix}…)` : ""}`] : []),
    ...(event.environment ? [`Environment: ${event.environment}`] : []),
    ...(ip ? [`IP address: ${ip}`] : []),
    `When: ${when(event.occurredAt) ?? "just now"}`,
    `Event: ${event.type} (${clean(event.id, 64)})`,
  ];
  if (dashboardUrl) {
    lines.push("", key.id && /^key_[0-9A-Za-z]{20}$/.test(key.id) ? `Open the key: ${dashboardUrl}/keys/${key.id}` : `Open the dashboard: ${dashboardUrl}/keys`);
  }
  lines.push(
    "",
    "You get this email because of your notification preferences",
    dashboardUrl ? `(${dashboardUrl}/account/notifications).` : "(Account → Notifications in the dashboard).",
  );
  return { subject: `[Keyward] ${subject}`, text: lines.join("\n") };
}
