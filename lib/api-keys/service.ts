import "server-only";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import type { z } from "zod";
import { db, type Tx } from "@/lib/db";
import type { ApiKey } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit";
import { now } from "@/lib/clock";
import { ServiceError, conflict, forbidden, notFound, zodFieldErrors } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { effectiveScopes, type Scope } from "@/lib/permissions";
import {
  PUBLISHABLE_ALLOWLIST_ERROR,
  createApiKeySchema,
  keyIdSchema,
  listApiKeysSchema,
  rollApiKeySchema,
  updateApiKeySchema,
  type KeyStatus,
} from "@/lib/validations/api-key";
import { displayPrefix, generateKey, type Environment, type KeyType } from "./format";
import { hashKey } from "./hash";
import { decodeAllowlist } from "./ip-allowlist";
import { REVEAL_WINDOW_MS, openPendingSecret, sealPendingSecret } from "./pending-secret";
import { decideInEnvironment, decideKeyOperation, keyTarget, type KeyChange, type KeyOperation, type KeyTarget } from "./policy";
import { currentWhere, inactiveWhere, keyStatus, statusWhere } from "./status";

/** What callers see of a key: never its hash or pending ciphertext. */
export type ApiKeyView = {
  id: string;
  name: string;
  description: string | null;
  type: KeyType;
  environment: Environment;
  prefix: string;
  /** The whole key, for publishable keys only (they are not secret). */
  publicValue: string | null;
  permissions: string[];
  metadata: Record<string, string>;
  status: KeyStatus;
  createdAt: Date;
  createdBy: string | null;
  expiresAt: Date | null;
  /** When the key was paused; null while it is not. */
  disabledAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedIp: string | null;
  /** Until when the dashboard can still reveal the secret once; null when it cannot. */
  revealableUntil: Date | null;
  rolledFromId: string | null;
  replacedById: string | null;
  refreshable: boolean;
  refreshChainId: string | null;
  /** IP addresses and CIDR ranges the key may be used from; null for any. */
  allowedIps: string[] | null;
  /** Requests refused because they came from outside the allowlist. */
  lastDeniedAt: Date | null;
  lastDeniedIp: string | null;
  deniedCount: number;
};

/** Given the viewer, a pending secret counts as revealable only for the member who may reveal it. */
export function toView(row: ApiKey, at = now(), viewer?: Actor): ApiKeyView {
  const pending = row.pendingSecret && row.pendingSecretExpiresAt && row.pendingSecretExpiresAt > at;
  const revealable =
    pending && (!viewer || decideKeyOperation(viewer, "reveal", keyTarget(row)).allowed) ? row.pendingSecretExpiresAt : null;
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    type: row.type as KeyType,
    environment: row.environment as Environment,
    prefix: row.prefix,
    publicValue: row.publicValue,
    permissions: JSON.parse(row.permissions) as string[],
    metadata: JSON.parse(row.metadata) as Record<string, string>,
    status: keyStatus(row, at),
    createdAt: row.createdAt,
    createdBy: row.createdByLabel,
    expiresAt: row.expiresAt,
    disabledAt: row.disabledAt,
    lastUsedAt: row.lastUsedAt,
    lastUsedIp: row.lastUsedIp,
    revealableUntil: revealable,
    rolledFromId: row.rolledFromId,
    replacedById: row.replacedById,
    refreshable: row.refreshable,
    refreshChainId: row.refreshChainId,
    allowedIps: decodeAllowlist(row.allowedIps),
    lastDeniedAt: row.lastDeniedAt,
    lastDeniedIp: row.lastDeniedIp,
    deniedCount: row.deniedCount,
  };
}

export { canDoKeyOperation } from "./policy";

/** Refuses (403) what the key policy does not allow; every service path calls it before changing anything. */
export function authorize(actor: Actor, op: KeyOperation, target: KeyTarget, change?: KeyChange): void {
  const decision = decideKeyOperation(actor, op, target, change);
  if (!decision.allowed) throw forbidden(decision.reason);
}

/** For operations on no key in particular (listing). */
function authorizeIn(actor: Actor, op: KeyOperation, environment: Environment): void {
  const decision = decideInEnvironment(actor, op, environment);
  if (!decision.allowed) throw forbidden(decision.reason);
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(result.error.issues));
  return result.data;
}

export function parseKeyId(id: unknown): string {
  const result = keyIdSchema.safeParse(id);
  // A malformed id cannot name any key: answer as for an unknown one.
  if (!result.success) throw notFound("No such API key");
  return result.data;
}

/** Loads a key of the actor's merchant. Keys of other merchants (and, for API keys, of the other environment) do not exist. */
export async function findOwnKey(client: Tx | typeof db, actor: Actor, id: string): Promise<ApiKey> {
  const row = await client.apiKey.findFirst({
    where: {
      id,
      merchantId: actor.merchantId,
      ...(actor.kind === "api_key" ? { environment: actor.environment } : {}),
    },
  });
  if (!row) throw notFound("No such API key");
  return row;
}

function actorLabel(actor: Actor): string {
  if (actor.kind === "api_key") return `API key ${actor.label}`;
  return actor.impersonation ? `${actor.impersonation.staffLabel} (support)` : actor.label;
}

export type SecretDelivery =
  /** Dashboard: keep an encrypted copy for one reveal within REVEAL_WINDOW_MS. */
  | "reveal"
  /** API: return the plaintext in the response and keep nothing. */
  | "response";

type NewKeyFields = {
  id?: string;
  merchantId: string;
  name: string;
  description: string | null;
  type: KeyType;
  environment: Environment;
  permissions: string[];
  metadata: Record<string, string>;
  expiresAt: Date | null;
  refreshable?: boolean;
  refreshChainId?: string | null;
  rolledFromId?: string | null;
  allowedIps?: string[] | null;
};

/** Inserts a key row and returns it with its one-time plaintext. */
export async function insertKey(tx: Tx, actor: Actor, fields: NewKeyFields, delivery: SecretDelivery) {
  const at = now();
  const id = fields.id ?? newId("key");
  const secret = generateKey(fields.type, fields.environment);
  const { hash, version } = hashKey(secret);
  const isPublishable = fields.type === "publishable";
  const keepPending = delivery === "reveal" && !isPublishable;
  const row = await tx.apiKey.create({
    data: {
      id,
      merchantId: fields.merchantId,
      name: fields.name,
      description: fields.description,
      type: fields.type,
      environment: fields.environment,
      permissions: JSON.stringify(fields.permissions),
      metadata: JSON.stringify(fields.metadata),
      prefix: displayPrefix(secret),
      searchText: `${fields.name} ${displayPrefix(secret)}`.toLowerCase(),
      secretHash: hash,
      hashVersion: version,
      publicValue: isPublishable ? secret : null,
      pendingSecret: keepPending ? sealPendingSecret(id, secret) : null,
      pendingSecretExpiresAt: keepPending ? new Date(at.getTime() + REVEAL_WINDOW_MS) : null,
      expiresAt: fields.expiresAt,
      refreshable: fields.refreshable ?? false,
      refreshChainId: fields.refreshChainId ?? null,
      rolledFromId: fields.rolledFromId ?? null,
      allowedIps: fields.allowedIps?.length ? JSON.stringify(fields.allowedIps) : null,
      createdByUserId: actor.kind === "user" ? actor.userId : null,
      createdByKeyId: actor.kind === "api_key" ? actor.keyId : null,
      createdByLabel: actorLabel(actor),
      createdAt: at,
    },
  });
  return { row, secret };
}

export type CreatedKey = { key: ApiKeyView; secret: string };

export async function createApiKey(
  actor: Actor,
  input: unknown,
  delivery: SecretDelivery,
  extra: {
    refreshable?: boolean;
    refreshChainId?: string | null;
    expiresAtOverride?: Date;
    /** Rows that must exist with the key or not at all (e.g. its first refresh token), written in the same transaction. */
    afterInsert?: (tx: Tx, key: ApiKeyView) => Promise<void>;
  } = {},
): Promise<CreatedKey> {
  const data = parse(createApiKeySchema, input);
  authorize(actor, "create", {
    type: data.type,
    environment: data.environment,
    permissions: effectiveScopes(data.type, data.permissions as Scope[]),
  });
  return db.$transaction(async (tx) => {
    const { row, secret } = await insertKey(
      tx,
      actor,
      {
        merchantId: actor.merchantId,
        name: data.name,
        description: data.description || null,
        type: data.type,
        environment: data.environment,
        permissions: effectiveScopes(data.type, data.permissions as Scope[]),
        metadata: data.metadata,
        expiresAt: extra.expiresAtOverride ?? data.expiresAt,
        refreshable: extra.refreshable,
        refreshChainId: extra.refreshChainId,
        allowedIps: data.allowedIps,
      },
      delivery,
    );
    await recordAudit(tx, actor, {
      action: "api_key.created",
      targetType: "api_key",
      targetId: row.id,
      changes: {
        name: row.name,
        type: row.type,
        environment: row.environment,
        permissions: JSON.parse(row.permissions),
        expiresAt: row.expiresAt?.toISOString() ?? null,
        ...(row.allowedIps ? { allowedIps: decodeAllowlist(row.allowedIps) } : {}),
      },
    });
    const key = toView(row);
    await extra.afterInsert?.(tx, key);
    return { key, secret };
  });
}

/**
 * Delivers a pending secret exactly once. The conditional update is the
 * claim: of any number of concurrent reveals, one changes the row and gets
 * the plaintext; the others find nothing left to claim.
 */
export async function revealSecret(actor: Actor, id: unknown): Promise<{ key: ApiKeyView; secret: string }> {
  const keyId = parseKeyId(id);
  const row = await findOwnKey(db, actor, keyId);
  authorize(actor, "reveal", keyTarget(row));
  requireRecentVerificationFor(actor, row.environment);
  const at = now();
  if (row.type === "publishable" && row.publicValue) return { key: toView(row, at), secret: row.publicValue };
  const stored = row.pendingSecret;
  if (!stored || !row.pendingSecretExpiresAt || row.pendingSecretExpiresAt <= at) {
    throw new ServiceError("gone", "This secret can no longer be revealed. Roll the key to get a new secret.");
  }
  const claimed = await db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: { id: keyId, merchantId: actor.merchantId, pendingSecret: stored, pendingSecretExpiresAt: { gt: at } },
      data: { pendingSecret: null, pendingSecretExpiresAt: null, revealedAt: at },
    });
    if (count !== 1) return false;
    await recordAudit(tx, actor, { action: "api_key.secret_revealed", targetType: "api_key", targetId: keyId });
    return true;
  });
  if (!claimed) throw new ServiceError("gone", "This secret has already been revealed.");
  const fresh = await db.apiKey.findFirstOrThrow({ where: { id: keyId, merchantId: actor.merchantId } });
  return { key: toView(fresh, at), secret: openPendingSecret(keyId, stored) };
}

/** Deletes pending secrets whose reveal window has passed: after it, no copy of the secret exists. */
export async function purgeExpiredPendingSecrets(at = now()): Promise<number> {
  const { count } = await db.apiKey.updateMany({
    where: { pendingSecretExpiresAt: { lte: at } },
    data: { pendingSecret: null, pendingSecretExpiresAt: null },
  });
  return count;
}

export type KeyPage = {
  items: ApiKeyView[];
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
  /** With the default "current" filter: how many revoked and expired keys it leaves out. */
  hidden: number;
};

export async function listApiKeys(actor: Actor, query: unknown): Promise<KeyPage> {
  const q = parse(listApiKeysSchema, query ?? {});
  authorizeIn(actor, "read", q.environment);
  const at = now();
  await purgeExpiredPendingSecrets(at);
  const base = {
    merchantId: actor.merchantId,
    environment: q.environment,
    ...(q.type ? { type: q.type } : {}),
    ...(q.q ? { searchText: { contains: q.q.toLowerCase() } } : {}),
  };
  const filter = q.status === "current" ? currentWhere(at) : q.status === "all" ? {} : statusWhere(q.status, at);
  const where = { ...base, ...filter };
  const [total, rows, hidden] = await Promise.all([
    db.apiKey.count({ where }),
    db.apiKey.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    q.status === "current" ? db.apiKey.count({ where: { ...base, ...inactiveWhere(at) } }) : 0,
  ]);
  return {
    items: rows.map((r) => toView(r, at, actor)),
    total,
    page: q.page,
    pageSize: q.pageSize,
    pageCount: Math.max(1, Math.ceil(total / q.pageSize)),
    hidden,
  };
}

export async function getApiKey(actor: Actor, id: unknown): Promise<ApiKeyView> {
  const row = await findOwnKey(db, actor, parseKeyId(id));
  authorize(actor, "read", keyTarget(row));
  return toView(row, now(), actor);
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = [before[k], v];
  }
  return changes;
}

export async function updateApiKey(actor: Actor, id: unknown, input: unknown): Promise<ApiKeyView> {
  const keyId = parseKeyId(id);
  const data = parse(updateApiKeySchema, input);
  const onlyLabels =
    data.permissions === undefined && data.expiresAt === undefined && data.metadata === undefined && data.allowedIps === undefined;
  return db.$transaction(async (tx) => {
    const row = await findOwnKey(tx, actor, keyId);
    const type = row.type as KeyType;
    authorize(actor, onlyLabels ? "edit_label" : "edit", keyTarget(row), {
      permissions: data.permissions ? effectiveScopes(type, data.permissions as Scope[]) : undefined,
    });
    const status = keyStatus(row, now());
    if (status === "revoked") throw conflict("A revoked key cannot be edited");
    if (data.permissions !== undefined && type !== "restricted") {
      throw new ServiceError("validation", "Only restricted keys have editable permissions", {
        permissions: [`A ${type} key's permissions are fixed`],
      });
    }
    if (data.permissions !== undefined && data.permissions.length === 0) {
      throw new ServiceError("validation", "Some fields are invalid", {
        permissions: ["A restricted key needs at least one permission"],
      });
    }
    if (data.allowedIps && type === "publishable") {
      throw new ServiceError("validation", "Some fields are invalid", { allowedIps: [PUBLISHABLE_ALLOWLIST_ERROR] });
    }
    const next = {
      name: data.name ?? row.name,
      description: data.description === undefined ? row.description : data.description || null,
      permissions: data.permissions ? effectiveScopes(type, data.permissions as Scope[]) : (JSON.parse(row.permissions) as string[]),
      expiresAt: data.expiresAt === undefined ? row.expiresAt : data.expiresAt,
      metadata: data.metadata ?? (JSON.parse(row.metadata) as Record<string, string>),
      allowedIps: data.allowedIps === undefined ? decodeAllowlist(row.allowedIps) : data.allowedIps,
    };
    const changes = diff(
      {
        name: row.name,
        description: row.description,
        permissions: JSON.parse(row.permissions),
        expiresAt: row.expiresAt?.toISOString() ?? null,
        metadata: JSON.parse(row.metadata),
        allowedIps: decodeAllowlist(row.allowedIps),
      },
      { ...next, expiresAt: next.expiresAt?.toISOString() ?? null },
    );
    if (Object.keys(changes).length === 0) return toView(row);
    const updated = await tx.apiKey.update({
      where: { id: row.id },
      data: {
        name: next.name,
        description: next.description,
        permissions: JSON.stringify(next.permissions),
        expiresAt: next.expiresAt,
        metadata: JSON.stringify(next.metadata),
        allowedIps: next.allowedIps ? JSON.stringify(next.allowedIps) : null,
        searchText: `${next.name} ${row.prefix}`.toLowerCase(),
      },
    });
    await recordAudit(tx, actor, { action: "api_key.updated", targetType: "api_key", targetId: row.id, changes });
    return toView(updated);
  });
}

export type RolledKey = {
  key: ApiKeyView;
  secret: string;
  previous: { id: string; expiresAt: Date };
};

/**
 * Rolls a key: a successor inherits name, permissions, metadata and expiry,
 * and the old secret keeps working until the grace period ends (never past
 * its own expiry). The first statement claims the old key with a conditional
 * update, so concurrent rolls of one key leave exactly one successor.
 */
export async function rollApiKey(actor: Actor, id: unknown, input: unknown, delivery: SecretDelivery): Promise<RolledKey> {
  const keyId = parseKeyId(id);
  const { expirePreviousIn } = parse(rollApiKeySchema, input);
  const probe = await findOwnKey(db, actor, keyId);
  authorize(actor, "roll", keyTarget(probe));
  requireRecentVerificationFor(actor, probe.environment);
  const at = now();
  const successorId = newId("key");
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiKey.updateMany({
      where: {
        id: keyId,
        merchantId: actor.merchantId,
        replacedById: null,
        revokedAt: null,
        OR: [{ expiresAt: null }, { expiresAt: { gt: at } }],
      },
      data: { replacedById: successorId },
    });
    if (count !== 1) {
      throw conflict("This key has already been rolled, revoked or has expired; roll its newest successor instead");
    }
    const old = await tx.apiKey.findUniqueOrThrow({ where: { id: keyId } });
    // A successor would authenticate at once: a paused key is enabled (a decision of its own) before it is rolled.
    if (old.disabledAt) throw conflict("This key is disabled: enable it before rolling it");
    // Decide again on the row the successor copies: its permissions may have changed since the probe.
    authorize(actor, "roll", keyTarget(old));
    const graceEnd = new Date(at.getTime() + expirePreviousIn * 1000);
    const previousExpiresAt = old.expiresAt && old.expiresAt < graceEnd ? old.expiresAt : graceEnd;
    const { row, secret } = await insertKey(
      tx,
      actor,
      {
        id: successorId,
        merchantId: old.merchantId,
        name: old.name,
        description: old.description,
        type: old.type as KeyType,
        environment: old.environment as Environment,
        permissions: JSON.parse(old.permissions),
        metadata: JSON.parse(old.metadata),
        expiresAt: old.expiresAt,
        refreshable: old.refreshable,
        refreshChainId: old.refreshChainId,
        rolledFromId: old.id,
        allowedIps: decodeAllowlist(old.allowedIps),
      },
      delivery,
    );
    await tx.apiKey.update({
      where: { id: old.id },
      data: { expiresAt: previousExpiresAt, pendingSecret: null, pendingSecretExpiresAt: null },
    });
    await recordAudit(tx, actor, {
      action: "api_key.rolled",
      targetType: "api_key",
      targetId: old.id,
      changes: { successor: successorId, previousExpiresAt: previousExpiresAt.toISOString(), gracePeriodSeconds: expirePreviousIn },
    });
    return { key: toView(row, at), secret, previous: { id: old.id, expiresAt: previousExpiresAt } };
  });
}

/** Revokes a key at once. Idempotent: revoking a revoked key changes nothing. */
export async function revokeApiKey(actor: Actor, id: unknown): Promise<ApiKeyView> {
  const keyId = parseKeyId(id);
  return db.$transaction(async (tx) => {
    const row = await findOwnKey(tx, actor, keyId);
    authorize(actor, "revoke", keyTarget(row));
    requireRecentVerificationFor(actor, row.environment);
    if (row.revokedAt) return toView(row);
    const at = now();
    const updated = await tx.apiKey.update({
      where: { id: row.id },
      data: { revokedAt: at, pendingSecret: null, pendingSecretExpiresAt: null },
    });
    await recordAudit(tx, actor, {
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: row.id,
      changes: { status: [keyStatus(row, at), "revoked"] },
    });
    return toView(updated, at);
  });
}
