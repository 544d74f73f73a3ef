import "server-only";
import { createHash } from "node:crypto";
import { relativeTime } from "@/lib/utils/format";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { ServiceError, forbidden, notFound, zodFieldErrors } from "@/lib/errors";
import { toBase62 } from "@/lib/ids";
import type { Environment } from "@/lib/api-keys/kinds";
import { canDoKeyOperation } from "@/lib/api-keys/policy";
import { NEW_IP_WINDOW_MS, getKeyInsights, listNewIpAlerts, type KeyInsights, type KeyRef, type NewIpAlert } from "@/lib/api-keys/insights";
import { parseKeyId } from "@/lib/api-keys/access";
import { getApiKey } from "@/lib/api-keys/read";
import { acknowledgeNewIpSchema, type AcknowledgeNewIpInput } from "@/lib/validations/api-key";
import { dismissNotificationsSchema, type DismissNotificationsInput } from "@/lib/validations/notification";
import { parseInput } from "@/lib/validations/parse";

/**
 * Notifications: the suggestions and alerts the keys page shows (expiring
 * keys, unused keys, old secrets still in use after a roll, new-IP alerts), one entry per
 * key and occurrence, for the dashboard and GET /api/v1/notifications alike.
 * They are computed, not stored; a dismissal is stored for the merchant and
 * hides the occurrence everywhere. The id hashes what makes the occurrence
 * (a new expiry date, another new IP), so a new occurrence shows again.
 */

export const NOTIFICATION_TYPES = [
  "api_key.used_from_new_ip",
  "api_key.rotation_still_in_use",
  "api_key.expiring",
  "api_key.never_used",
  "api_key.idle",
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];
export type NotificationSeverity = "alert" | "warning" | "suggestion";

export type NotificationView = {
  id: string;
  type: NotificationType;
  severity: NotificationSeverity;
  environment: Environment;
  title: string;
  message: string;
  /** The moment it is about: first use from the IP, last use, expiry, creation. */
  occurredAt: Date;
  key: { id: string; name: string; prefix: string };
  ip: string | null;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  dismissedAt: Date | null;
};

/** At most this many of each type through the API (the page shows 5). */
export const NOTIFICATIONS_PER_TYPE = 20;

export function notificationId(merchantId: string, type: NotificationType, keyId: string, occurrence: string): string {
  const digest = createHash("sha256").update(`${merchantId}\n${type}\n${keyId}\n${occurrence}`).digest();
  return `ntf_${Array.from(digest.subarray(0, 20), (b) => toBase62(b, 1)).join("")}`;
}

const iso = (d: Date | null) => d?.toISOString() ?? "";

/** What makes each kind's occurrence: the same key notified again for a new reason gets a new id. */
const OCCURRENCE = {
  newIp: (m: string, a: { keyId: string; eventId: string }) => notificationId(m, "api_key.used_from_new_ip", a.keyId, a.eventId),
  rolled: (m: string, k: KeyRef) => notificationId(m, "api_key.rotation_still_in_use", k.id, iso(k.expiresAt)),
  expiring: (m: string, k: KeyRef) => notificationId(m, "api_key.expiring", k.id, iso(k.expiresAt)),
  neverUsed: (m: string, k: KeyRef) => notificationId(m, "api_key.never_used", k.id, ""),
  idle: (m: string, k: KeyRef) => notificationId(m, "api_key.idle", k.id, iso(k.lastUsedAt)),
};

/** The notifications the insights hold, most urgent kinds first (not yet filtered by dismissals). */
export function notificationsFrom(merchantId: string, insights: KeyInsights, at: Date): NotificationView[] {
  const environment = insights.environment;
  const ago = (d: Date) => relativeTime(d, at);
  const ref = (k: { id: string; name: string; prefix: string }) => ({ id: k.id, name: k.name, prefix: k.prefix });
  const base = (k: KeyRef) => ({ environment, key: ref(k), ip: null, expiresAt: k.expiresAt, lastUsedAt: k.lastUsedAt, dismissedAt: null });
  const out: NotificationView[] = [];
  for (const a of insights.newIps.alerts) {
    out.push({
      id: OCCURRENCE.newIp(merchantId, a),
      type: "api_key.used_from_new_ip",
      severity: "alert",
      environment,
      title: `“${a.keyName}” was used from a new IP address`,
      message: `The key ${a.prefix}… was used from ${a.ip} for the first time ${ago(a.at)}. If you do not recognise the address, roll or revoke the key.`,
      occurredAt: a.at,
      key: { id: a.keyId, name: a.keyName, prefix: a.prefix },
      ip: a.ip,
      expiresAt: null,
      lastUsedAt: null,
      dismissedAt: null,
    });
  }
  for (const k of insights.rolledInUse.keys) {
    out.push({
      ...base(k),
      id: OCCURRENCE.rolled(merchantId, k),
      type: "api_key.rotation_still_in_use",
      severity: "warning",
      title: `The old secret of “${k.name}” is still in use`,
      message: `The rolled key ${k.prefix}… stops working ${k.expiresAt ? ago(k.expiresAt) : "soon"} but was last used ${k.lastUsedAt ? ago(k.lastUsedAt) : "after the roll"}${k.lastUsedIp ? ` from ${k.lastUsedIp}` : ""}. Move what still uses it to the new secret.`,
      occurredAt: k.lastUsedAt ?? k.rolledAt,
      ip: k.lastUsedIp,
    });
  }
  for (const k of insights.expiringSoon.keys) {
    out.push({
      ...base(k),
      id: OCCURRENCE.expiring(merchantId, k),
      type: "api_key.expiring",
      severity: "warning",
      title: `“${k.name}” expires ${k.expiresAt ? ago(k.expiresAt) : "soon"}`,
      message: `The key ${k.prefix}… stops working when it expires. Roll it, or change its expiry, before then.`,
      occurredAt: k.expiresAt ?? at,
    });
  }
  for (const k of insights.neverUsed.keys) {
    out.push({
      ...base(k),
      id: OCCURRENCE.neverUsed(merchantId, k),
      type: "api_key.never_used",
      severity: "suggestion",
      title: `“${k.name}” has never been used`,
      message: `The key ${k.prefix}… was created ${ago(k.createdAt)} and has not been used since. Consider revoking it.`,
      occurredAt: k.createdAt,
    });
  }
  for (const k of insights.idle.keys) {
    out.push({
      ...base(k),
      id: OCCURRENCE.idle(merchantId, k),
      type: "api_key.idle",
      severity: "suggestion",
      title: `“${k.name}” has not been used for 30 days`,
      message: `The key ${k.prefix}… was last used ${k.lastUsedAt ? ago(k.lastUsedAt) : "long ago"}. Consider revoking it.`,
      occurredAt: k.lastUsedAt ?? k.createdAt,
    });
  }
  return out;
}

async function dismissalsOf(merchantId: string, ids: string[]): Promise<Map<string, Date>> {
  if (ids.length === 0) return new Map();
  const rows = await db.notificationDismissal.findMany({
    where: { merchantId, notificationId: { in: ids } },
    select: { notificationId: true, dismissedAt: true },
  });
  return new Map(rows.map((r) => [r.notificationId, r.dismissedAt]));
}

export type NotificationList = { items: NotificationView[]; hasMore: boolean };

/** The environment an actor's notifications are about: an API key's own; a member chooses. */
function environmentFor(actor: Actor, requested?: Environment): Environment {
  if (actor.kind === "api_key") return actor.environment;
  return requested ?? "test";
}

/** Notifications not dismissed, for one environment. */
export async function listNotifications(actor: Actor, environment?: Environment, at = now()): Promise<NotificationList> {
  const env = environmentFor(actor, environment);
  const insights = await getKeyInsights(actor, env, at, NOTIFICATIONS_PER_TYPE);
  const all = notificationsFrom(actor.merchantId, insights, at);
  const dismissed = await dismissalsOf(actor.merchantId, all.map((n) => n.id));
  const totals = insights.newIps.total + insights.rolledInUse.total + insights.expiringSoon.total + insights.neverUsed.total + insights.idle.total;
  return { items: all.filter((n) => !dismissed.has(n.id)), hasMore: totals > all.length };
}

/** The keys page's insights without what the merchant dismissed (totals reduced to match), and the ids still shown. */
export async function withoutDismissed(actor: Actor, insights: KeyInsights, at = now()): Promise<{ insights: KeyInsights; ids: string[] }> {
  const m = actor.merchantId;
  const all = notificationsFrom(m, insights, at);
  const dismissed = await dismissalsOf(m, all.map((n) => n.id));
  const keep = <T>(group: { total: number }, list: T[], id: (m: string, x: T) => string) => {
    const kept = list.filter((x) => !dismissed.has(id(m, x)));
    return { total: group.total - (list.length - kept.length), kept };
  };
  const newIps = keep(insights.newIps, insights.newIps.alerts, OCCURRENCE.newIp);
  const group = <T extends KeyRef>(g: { total: number; keys: T[] }, id: (m: string, k: KeyRef) => string) => {
    const { total, kept } = keep(g, g.keys, id);
    return { total, keys: kept };
  };
  return {
    insights: {
      environment: insights.environment,
      newIps: { total: newIps.total, alerts: newIps.kept },
      rolledInUse: group(insights.rolledInUse, OCCURRENCE.rolled),
      expiringSoon: group(insights.expiringSoon, OCCURRENCE.expiring),
      neverUsed: group(insights.neverUsed, OCCURRENCE.neverUsed),
      idle: group(insights.idle, OCCURRENCE.idle),
    },
    ids: all.filter((n) => !dismissed.has(n.id)).map((n) => n.id),
  };
}

/**
 * Dismisses notifications for the whole merchant, in one environment. Each
 * id must be one of the environment's current notifications (another
 * merchant's or environment's id is not found); dismissing twice changes
 * nothing. Hiding an alert from the team is a change to the keys' view, so
 * it takes what relabelling a key takes (api_keys:write for an API key).
 */
export async function dismissNotifications(actor: Actor, environment: Environment | undefined, input: DismissNotificationsInput, at = now()): Promise<NotificationView[]> {
  const parsed = dismissNotificationsSchema.safeParse(input);
  if (!parsed.success) {
    const fields = zodFieldErrors(parsed.error.issues);
    if (fields.ids || Object.keys(fields).some((f) => f.startsWith("ids."))) throw notFound("No such notification");
    throw new ServiceError("validation", "Some fields are invalid", fields);
  }
  const env = environmentFor(actor, environment);
  if (!canDoKeyOperation(actor, "edit_label", env)) {
    throw forbidden(actor.kind === "api_key" ? "This API key lacks the api_keys:write permission" : `Your role (${actor.role}) cannot dismiss ${env} notifications`);
  }
  const insights = await getKeyInsights(actor, env, at, NOTIFICATIONS_PER_TYPE);
  const byId = new Map(notificationsFrom(actor.merchantId, insights, at).map((n) => [n.id, n]));
  const wanted = [...new Set(parsed.data.ids)];
  if (wanted.some((id) => !byId.has(id))) throw notFound("No such notification");
  const by = actor.kind === "api_key" ? `API key ${actor.label}` : actor.impersonation ? `${actor.impersonation.staffLabel} (support)` : actor.label;
  return db.$transaction(async (tx) => {
    const out: NotificationView[] = [];
    for (const id of wanted) {
      const n = byId.get(id)!;
      const existing = await tx.notificationDismissal.findUnique({ where: { merchantId_notificationId: { merchantId: actor.merchantId, notificationId: id } } });
      if (existing) {
        out.push({ ...n, dismissedAt: existing.dismissedAt });
        continue;
      }
      await tx.notificationDismissal.create({ data: { merchantId: actor.merchantId, notificationId: id, dismissedAt: at, dismissedBy: by } });
      await recordAudit(tx, actor, {
        action: "notification.dismissed",
        targetType: "notification",
        targetId: id,
        environment: env,
        changes: { type: n.type, keyId: n.key.id, title: n.title },
      });
      out.push({ ...n, dismissedAt: at });
    }
    return out;
  });
}

/** One key's new-IP alerts without those the merchant dismissed or acknowledged ("This was me"), at most `take`. */
export async function withoutDismissedAlerts(
  actor: Actor,
  list: { total: number; alerts: NewIpAlert[] },
  take = list.alerts.length,
): Promise<{ total: number; alerts: NewIpAlert[] }> {
  const dismissed = await dismissalsOf(actor.merchantId, list.alerts.map((a) => OCCURRENCE.newIp(actor.merchantId, a)));
  const kept = list.alerts.filter((a) => !dismissed.has(OCCURRENCE.newIp(actor.merchantId, a)));
  return { total: list.total - (list.alerts.length - kept.length), alerts: kept.slice(0, take) };
}

/**
 * "This was me": a member vouches for an address a key was used from, and
 * the key's new-IP alerts for that address are dismissed for the whole
 * merchant (on the key page, the keys page and GET /api/v1/notifications).
 * It takes what dismissing notifications takes; another merchant's key is
 * not found, and so is an address the key has no recent alert for.
 * Acknowledging twice changes nothing.
 */
export async function acknowledgeNewIp(actor: Actor, input: AcknowledgeNewIpInput, at = now()): Promise<{ keyId: string; ip: string; acknowledged: number }> {
  const { keyId, ip } = parseInput(acknowledgeNewIpSchema, input);
  const key = await getApiKey(actor, parseKeyId(keyId));
  if (!canDoKeyOperation(actor, "edit_label", key.environment)) {
    throw forbidden(actor.kind === "api_key" ? "This API key lacks the api_keys:write permission" : `Your role (${actor.role}) cannot dismiss ${key.environment} alerts`);
  }
  const { alerts } = await listNewIpAlerts(actor, { keyId: key.id, since: new Date(at.getTime() - NEW_IP_WINDOW_MS), take: 200 });
  const ids = alerts.filter((a) => a.ip === ip).map((a) => OCCURRENCE.newIp(actor.merchantId, a));
  if (ids.length === 0) throw notFound("This key has no recent alert for that address");
  const by = actor.kind === "api_key" ? `API key ${actor.label}` : actor.impersonation ? `${actor.impersonation.staffLabel} (support)` : actor.label;
  return db.$transaction(async (tx) => {
    const existing = await tx.notificationDismissal.findMany({
      where: { merchantId: actor.merchantId, notificationId: { in: ids } },
      select: { notificationId: true },
    });
    const done = new Set(existing.map((r) => r.notificationId));
    const fresh = ids.filter((id) => !done.has(id));
    if (fresh.length === 0) return { keyId: key.id, ip, acknowledged: 0 };
    for (const id of fresh) {
      await tx.notificationDismissal.create({ data: { merchantId: actor.merchantId, notificationId: id, dismissedAt: at, dismissedBy: by } });
    }
    await recordAudit(tx, actor, {
      action: "api_key.new_ip_acknowledged",
      targetType: "api_key",
      targetId: key.id,
      environment: key.environment,
      changes: { ip, name: key.name, prefix: key.prefix },
    });
    return { keyId: key.id, ip, acknowledged: fresh.length };
  });
}
