import "server-only";
import type { Tx } from "@/lib/db";
import { actorLabel, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";
import type { KeyGrant } from "./access";
import { displayPrefix, generateKey, type Environment, type KeyType } from "./format";
import { hashKey } from "./hash";
import { REVEAL_WINDOW_MS, sealPendingSecret } from "./pending-secret";
import { encodeKey, searchTextOf } from "./record";

export type SecretDelivery =
  /** Dashboard: keep an encrypted copy for one reveal within REVEAL_WINDOW_MS. */
  | "reveal"
  /** API: return the plaintext in the response and keep nothing. */
  | "response";

export type NewKeyFields = {
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

const WRITES_A_KEY = new Set(["create", "roll", "refresh"]);

/**
 * Inserts a key row and returns it with its one-time plaintext. Takes the
 * policy's grant for the operation, so it cannot be called without one.
 */
export async function insertKey(tx: Tx, grant: KeyGrant, actor: Actor, fields: NewKeyFields, delivery: SecretDelivery) {
  if (!WRITES_A_KEY.has(grant.op)) throw new Error(`A "${grant.op}" grant does not allow writing a key`);
  const at = now();
  const id = fields.id ?? newId("key");
  const secret = generateKey(fields.type, fields.environment);
  const { hash, version } = hashKey(secret);
  const isPublishable = fields.type === "publishable";
  const keepPending = delivery === "reveal" && !isPublishable;
  const prefix = displayPrefix(secret);
  const row = await tx.apiKey.create({
    data: {
      id,
      merchantId: fields.merchantId,
      name: fields.name,
      description: fields.description,
      type: fields.type,
      environment: fields.environment,
      permissions: encodeKey.permissions(fields.permissions),
      metadata: encodeKey.metadata(fields.metadata),
      prefix,
      searchText: searchTextOf(fields.name, prefix),
      secretHash: hash,
      hashVersion: version,
      publicValue: isPublishable ? secret : null,
      pendingSecret: keepPending ? sealPendingSecret(id, secret) : null,
      pendingSecretExpiresAt: keepPending ? new Date(at.getTime() + REVEAL_WINDOW_MS) : null,
      expiresAt: fields.expiresAt,
      refreshable: fields.refreshable ?? false,
      refreshChainId: fields.refreshChainId ?? null,
      rolledFromId: fields.rolledFromId ?? null,
      allowedIps: encodeKey.allowedIps(fields.allowedIps),
      createdByUserId: actor.kind === "user" ? actor.userId : null,
      createdByKeyId: actor.kind === "api_key" ? actor.keyId : null,
      createdByLabel: actorLabel(actor),
      createdAt: at,
    },
  });
  return { row, secret };
}
