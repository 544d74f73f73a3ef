import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { forbidden } from "@/lib/errors";
import { asEnvironment, type Environment } from "./kinds";
import { decodeJsonObject } from "@/lib/db/json-columns";
import { canDoKeyOperation } from "./policy";
import { statusWhere } from "./status";
import { NEW_IP_ACTION } from "./usage";

/**
 * Nudges for the keys page: keys about to expire, keys nobody uses, rolled
 * keys whose old secret is still in use near the end of the grace period,
 * and keys recently used from a new IP. Every list is a count plus a few
 * examples, so the page stays fast with thousands of keys.
 */

const DAY_MS = 86_400_000;
export const EXPIRING_WITHIN_MS = 7 * DAY_MS;
export const NEVER_USED_AFTER_MS = 7 * DAY_MS;
export const IDLE_AFTER_MS = 30 * DAY_MS;
/** A rolled key whose grace period ends within this is "near the end". */
export const GRACE_ENDING_WITHIN_MS = DAY_MS;
export const NEW_IP_WINDOW_MS = 7 * DAY_MS;
const EXAMPLES = 5;

export type KeyRef = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
};

export type RolledInUse = KeyRef & { successorId: string; rolledAt: Date };

export type NewIpAlert = { eventId: string; at: Date; keyId: string; keyName: string; prefix: string; ip: string };

export type KeyInsights = {
  environment: Environment;
  expiringSoon: { total: number; keys: KeyRef[] };
  neverUsed: { total: number; keys: KeyRef[] };
  idle: { total: number; keys: KeyRef[] };
  rolledInUse: { total: number; keys: RolledInUse[] };
  newIps: { total: number; alerts: NewIpAlert[] };
};

const keyRefSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  lastUsedIp: true,
} as const;

export function hasInsights(i: KeyInsights): boolean {
  return i.expiringSoon.total + i.neverUsed.total + i.idle.total + i.rolledInUse.total + i.newIps.total > 0;
}

/** `examples` bounds each list (the notifications API asks for more than the page shows). */
export async function getKeyInsights(actor: Actor, environment: Environment, at = now(), examples = EXAMPLES): Promise<KeyInsights> {
  if (!canDoKeyOperation(actor, "read", environment)) throw forbidden("You cannot read these keys");
  const t = at.getTime();
  // Refreshable keys are renewed automatically: their expiry and short lives are routine, not worth a nudge.
  const base = { merchantId: actor.merchantId, environment, refreshable: false };
  const active = { ...base, ...statusWhere("active", at) };
  const expiringWhere = { ...base, revokedAt: null, replacedById: null, expiresAt: { gt: at, lte: new Date(t + EXPIRING_WITHIN_MS) } };
  const neverUsedWhere = { ...active, lastUsedAt: null, createdAt: { lte: new Date(t - NEVER_USED_AFTER_MS) } };
  // A key last used before the cutoff was created before it too: bounding createdAt lets
  // the status index skip the newer keys instead of reading every key's lastUsedAt.
  const idleBefore = new Date(t - IDLE_AFTER_MS);
  const idleWhere = { ...active, lastUsedAt: { lte: idleBefore }, createdAt: { lte: idleBefore } };

  const [expiringTotal, expiring, neverTotal, never, idleTotal, idle, rolledInUse, newIps] = await Promise.all([
    db.apiKey.count({ where: expiringWhere }),
    db.apiKey.findMany({ where: expiringWhere, orderBy: [{ expiresAt: "asc" }, { id: "asc" }], take: examples, select: keyRefSelect }),
    db.apiKey.count({ where: neverUsedWhere }),
    db.apiKey.findMany({ where: neverUsedWhere, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: examples, select: keyRefSelect }),
    db.apiKey.count({ where: idleWhere }),
    db.apiKey.findMany({ where: idleWhere, orderBy: [{ lastUsedAt: "asc" }, { id: "asc" }], take: examples, select: keyRefSelect }),
    rolledKeysStillInUse(actor, environment, at, examples),
    listNewIpAlerts(actor, { environment, since: new Date(t - NEW_IP_WINDOW_MS), take: examples }),
  ]);
  return {
    environment,
    expiringSoon: { total: expiringTotal, keys: expiring },
    neverUsed: { total: neverTotal, keys: never },
    idle: { total: idleTotal, keys: idle },
    rolledInUse,
    newIps,
  };
}

/** Rolled keys whose grace period ends within a day and whose old secret was used after the roll. */
async function rolledKeysStillInUse(actor: Actor, environment: Environment, at: Date, examples: number): Promise<KeyInsights["rolledInUse"]> {
  const candidates = await db.apiKey.findMany({
    where: {
      merchantId: actor.merchantId,
      environment,
      ...statusWhere("expiring", at),
      expiresAt: { gt: at, lte: new Date(at.getTime() + GRACE_ENDING_WITHIN_MS) },
      lastUsedAt: { not: null },
    },
    orderBy: [{ expiresAt: "asc" }, { id: "asc" }],
    take: 100,
    select: { ...keyRefSelect, replacedById: true },
  });
  if (candidates.length === 0) return { total: 0, keys: [] };
  const successors = await db.apiKey.findMany({
    where: { merchantId: actor.merchantId, id: { in: candidates.map((c) => c.replacedById!) } },
    select: { id: true, createdAt: true },
  });
  const rolledAt = new Map(successors.map((s) => [s.id, s.createdAt]));
  const inUse: RolledInUse[] = [];
  for (const { replacedById, ...key } of candidates) {
    const rolled = rolledAt.get(replacedById!);
    if (rolled && key.lastUsedAt && key.lastUsedAt > rolled) inUse.push({ ...key, successorId: replacedById!, rolledAt: rolled });
  }
  return { total: inUse.length, keys: inUse.slice(0, examples) };
}

/**
 * Recent "used from a new IP" alerts, newest first, optionally for one key
 * or one environment. Recent events are read in one bounded query and
 * matched to the merchant's keys, since the environment is a key's property.
 */
export async function listNewIpAlerts(
  actor: Actor,
  opts: { keyId?: string; environment?: Environment; since: Date; take?: number },
): Promise<{ total: number; alerts: NewIpAlert[] }> {
  const events = await db.auditEvent.findMany({
    where: {
      merchantId: actor.merchantId,
      action: NEW_IP_ACTION,
      createdAt: { gte: opts.since },
      ...(opts.keyId ? { targetId: opts.keyId } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 200,
    select: { id: true, createdAt: true, targetId: true, changes: true },
  });
  if (events.length === 0) return { total: 0, alerts: [] };
  const keys = await db.apiKey.findMany({
    where: {
      merchantId: actor.merchantId,
      id: { in: [...new Set(events.map((e) => e.targetId))] },
      ...(opts.environment ? { environment: opts.environment } : {}),
    },
    select: { id: true, name: true, prefix: true, environment: true },
  });
  const visible = keys.filter((k) => canDoKeyOperation(actor, "read", asEnvironment(k.environment)));
  const byId = new Map(visible.map((k) => [k.id, k]));
  const alerts: NewIpAlert[] = [];
  for (const e of events) {
    const key = byId.get(e.targetId);
    if (!key) continue;
    const changes = decodeJsonObject(e.changes);
    alerts.push({
      eventId: e.id,
      at: e.createdAt,
      keyId: key.id,
      keyName: key.name,
      prefix: key.prefix,
      ip: typeof changes.ip === "string" ? changes.ip : "unknown",
    });
  }
  return { total: alerts.length, alerts: alerts.slice(0, opts.take ?? EXAMPLES) };
}
