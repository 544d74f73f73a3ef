import "server-only";
import type { ApiKey } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import type { KeyStatus } from "@/lib/validations/api-key";
import type { Environment, KeyType } from "./kinds";
import { decodeKey, type KeyRecord } from "./record";
import { decideKeyOperation, keyTarget } from "./policy";
import { keyStatus } from "./status";

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
export function viewOf(key: KeyRecord, at = now(), viewer?: Actor): ApiKeyView {
  const pending = key.pendingSecret && key.pendingSecretExpiresAt && key.pendingSecretExpiresAt > at;
  const revealable =
    pending && (!viewer || decideKeyOperation(viewer, "reveal", keyTarget(key)).allowed) ? key.pendingSecretExpiresAt : null;
  return {
    id: key.id,
    name: key.name,
    description: key.description,
    type: key.type,
    environment: key.environment,
    prefix: key.prefix,
    publicValue: key.publicValue,
    permissions: key.permissions,
    metadata: key.metadata,
    status: keyStatus(key, at),
    createdAt: key.createdAt,
    createdBy: key.createdByLabel,
    expiresAt: key.expiresAt,
    disabledAt: key.disabledAt,
    lastUsedAt: key.lastUsedAt,
    lastUsedIp: key.lastUsedIp,
    revealableUntil: revealable,
    rolledFromId: key.rolledFromId,
    replacedById: key.replacedById,
    refreshable: key.refreshable,
    refreshChainId: key.refreshChainId,
    allowedIps: key.allowedIps,
    lastDeniedAt: key.lastDeniedAt,
    lastDeniedIp: key.lastDeniedIp,
    deniedCount: key.deniedCount,
  };
}

/** A row as callers see it. */
export function toView(row: ApiKey, at = now(), viewer?: Actor): ApiKeyView {
  return viewOf(decodeKey(row), at, viewer);
}
