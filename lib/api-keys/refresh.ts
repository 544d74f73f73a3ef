import "server-only";
import { db, type Tx } from "@/lib/db";
import type { ApiKey, RefreshToken } from "@/lib/generated/sqlite/client";
import type { Actor, ApiKeyActor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { ServiceError, forbidden, notFound } from "@/lib/errors";
import { newId, randomBase62 } from "@/lib/ids";
import type { Environment } from "./format";
import { candidateHashes, constantTimeEqualHex, hashKey } from "./hash";
import { decideKeyOperation, keyTarget } from "./policy";
import { decodeKey } from "./record";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";
import { createApiKey, type CreatedKey } from "./create";
import { insertSuccessor } from "./successor";
import { authorize } from "./access";
import { toView, type ApiKeyView } from "./view";

/**
 * Refreshable keys: a short-lived secret or restricted key plus a long-lived
 * refresh token. Presenting the token rotates the pair: a new secret, a new
 * token, the old token spent. The old key keeps working for REFRESH_GRACE_MS
 * (requests already in flight with it still succeed), then expires.
 * Presenting a spent token again means two parties hold the chain, so every
 * key and token of the chain is revoked (reuse detection, OAuth 2.0 BCP).
 */
export const REFRESHABLE_KEY_LIFETIME_MS = 30 * 86_400_000;
export const REFRESH_TOKEN_LIFETIME_MS = 365 * 86_400_000;
export const REFRESH_GRACE_MS = 5 * 60_000;
const MAX_CHAIN_HOPS = 50;

const TOKEN_PATTERN = /^rt_(test|live)_[0-9A-Za-z]{43}$/;

export function generateRefreshToken(environment: Environment): string {
  return `rt_${environment}_${randomBase62(43)}`;
}

const INVALID_TOKEN = "The refresh token is invalid, expired, revoked or already used.";
const invalidToken = () => new ServiceError("unauthorized", INVALID_TOKEN);

export type RefreshableKeyResult = {
  key: ApiKeyView;
  secret: string;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  publishableKey: string | null;
};

async function pairedPublishableKey(
  client: Tx | typeof db,
  merchantId: string,
  id: string | null,
): Promise<ApiKey | null> {
  if (!id) return null;
  return client.apiKey.findFirst({ where: { id, merchantId, type: "publishable", revokedAt: null } });
}

async function insertRefreshToken(
  tx: Tx,
  fields: { merchantId: string; chainId: string; apiKeyId: string; publishableKeyId: string | null; environment: Environment },
) {
  const at = now();
  const token = generateRefreshToken(fields.environment);
  const { hash, version } = hashKey(token);
  const expiresAt = new Date(at.getTime() + REFRESH_TOKEN_LIFETIME_MS);
  const row = await tx.refreshToken.create({
    data: {
      id: newId("rt"),
      merchantId: fields.merchantId,
      chainId: fields.chainId,
      apiKeyId: fields.apiKeyId,
      publishableKeyId: fields.publishableKeyId,
      tokenHash: hash,
      hashVersion: version,
      expiresAt,
      createdAt: at,
    },
  });
  return { row, token };
}

/**
 * Creates a refreshable key through the key service (same validation and
 * permissions as any key), then its first refresh token. `input` is the
 * service's create input; its expiresAt may be omitted (30 days) but not
 * null: a refreshable key always expires.
 */
export async function createRefreshableKey(
  actor: Actor,
  input: CreateApiKeyInput,
  options: { publishableKeyId?: string | null } = {},
): Promise<RefreshableKeyResult> {
  if (input.type !== "secret" && input.type !== "restricted") {
    throw new ServiceError("validation", "Some fields are invalid", {
      refreshable: ["Only secret and restricted keys can be refreshable"],
    });
  }
  if (input.expiresAt === null) {
    throw new ServiceError("validation", "Some fields are invalid", {
      expiresAt: ["A refreshable key must expire; omit expires_at for the default of 30 days"],
    });
  }
  const publishableKeyId = options.publishableKeyId ?? null;
  if (publishableKeyId) {
    const pk = await pairedPublishableKey(db, actor.merchantId, publishableKeyId);
    if (!pk || (actor.kind === "api_key" && pk.environment !== actor.environment)) {
      throw notFound("No such publishable key");
    }
    if (pk.environment !== input.environment) {
      throw new ServiceError("validation", "Some fields are invalid", {
        publishableKeyId: ["The publishable key must be in the same environment"],
      });
    }
  }
  const chainId = newId("chain");
  const expiresAtOverride =
    input.expiresAt === undefined ? new Date(now().getTime() + REFRESHABLE_KEY_LIFETIME_MS) : undefined;
  // The key and its first refresh token commit together: a refreshable key never exists without its token.
  let issued: Awaited<ReturnType<typeof insertRefreshToken>> | undefined;
  const created = await createApiKey(actor, input, "response", {
    refreshable: true,
    refreshChainId: chainId,
    expiresAtOverride,
    afterInsert: async (tx, key) => {
      issued = await insertRefreshToken(tx, {
        merchantId: actor.merchantId,
        chainId,
        apiKeyId: key.id,
        publishableKeyId,
        environment: key.environment,
      });
      await recordAudit(tx, actor, {
        action: "api_key.refresh_token_issued",
        targetType: "api_key",
        targetId: key.id,
        changes: { chain: chainId, refreshTokenExpiresAt: issued.row.expiresAt.toISOString(), publishableKeyId },
      });
    },
  });
  if (!issued) throw new Error("refresh token was not issued");
  const pk = await pairedPublishableKey(db, actor.merchantId, publishableKeyId);
  return {
    ...created,
    refreshToken: issued.token,
    refreshTokenExpiresAt: issued.row.expiresAt,
    publishableKey: pk?.publicValue ?? null,
  };
}

async function findToken(presented: string): Promise<RefreshToken | null> {
  if (typeof presented !== "string" || !TOKEN_PATTERN.test(presented)) return null;
  const candidates = candidateHashes(presented);
  const row = await db.refreshToken.findFirst({ where: { tokenHash: { in: candidates.map((c) => c.hash) } } });
  if (!row) return null;
  const expected = candidates.find((c) => c.version === row.hashVersion);
  if (!expected || !constantTimeEqualHex(row.tokenHash, expected.hash)) return null;
  return row;
}

/** The merchant a refresh token belongs to (for scoping its Idempotency-Key); unknown tokens are a 401. */
export async function refreshTokenMerchant(presented: string): Promise<string> {
  const row = await findToken(presented);
  if (!row) throw invalidToken();
  return row.merchantId;
}

/** Revokes every key and token of a chain. Returns the ids of the keys it revoked. */
async function revokeChain(
  token: RefreshToken,
  context: { ip: string | null; userAgent: string | null },
): Promise<string[]> {
  return db.$transaction(async (tx) => {
    const at = now();
    const keys = await tx.apiKey.findMany({
      where: { merchantId: token.merchantId, refreshChainId: token.chainId, revokedAt: null },
      select: { id: true },
    });
    const keyIds = keys.map((k) => k.id);
    if (keyIds.length) {
      await tx.apiKey.updateMany({
        where: { id: { in: keyIds }, merchantId: token.merchantId, revokedAt: null },
        data: { revokedAt: at, pendingSecret: null, pendingSecretExpiresAt: null },
      });
    }
    const tokens = await tx.refreshToken.updateMany({
      where: { merchantId: token.merchantId, chainId: token.chainId, revokedAt: null },
      data: { revokedAt: at },
    });
    if (keyIds.length === 0 && tokens.count === 0) return keyIds;
    const reason = "A spent refresh token was presented again; the whole refresh chain was revoked";
    await recordAudit(tx, null, {
      merchantId: token.merchantId,
      action: "api_key.refresh_token_reused",
      targetType: "refresh_chain",
      targetId: token.chainId,
      changes: { refreshTokenId: token.id, revokedKeys: keyIds, revokedTokens: tokens.count, presentedFromIp: context.ip },
      reason,
    });
    for (const id of keyIds) {
      await recordAudit(tx, null, {
        merchantId: token.merchantId,
        action: "api_key.revoked",
        targetType: "api_key",
        targetId: id,
        changes: { cause: "refresh_token_reuse", chain: token.chainId },
        reason,
      });
    }
    return keyIds;
  });
}

export type CreatedAnyKey = ({ refreshable: false } & CreatedKey) | ({ refreshable: true } & RefreshableKeyResult);

/**
 * Creates a key from the API's options: refreshable or not, and a
 * publishable key paired only with a refreshable one (its refreshes hand
 * the pair back together).
 */
export async function createKeyWithOptions(
  actor: Actor,
  input: CreateApiKeyInput,
  options: { refreshable?: boolean; publishableKeyId?: string | null },
): Promise<CreatedAnyKey> {
  if (options.refreshable) {
    return { refreshable: true, ...(await createRefreshableKey(actor, input, { publishableKeyId: options.publishableKeyId })) };
  }
  if (options.publishableKeyId !== undefined && options.publishableKeyId !== null) {
    throw new ServiceError("validation", "Some fields are invalid", { publishableKeyId: ["Only refreshable keys are paired"] });
  }
  return { refreshable: false, ...(await createApiKey(actor, input, "response")) };
}

class TokenAlreadySpent extends Error {}

/** The newest key of a chain link: a rolled key's successors carry its chain on. */
async function currentKey(tx: Tx, merchantId: string, keyId: string): Promise<ApiKey | null> {
  let row = await tx.apiKey.findFirst({ where: { id: keyId, merchantId } });
  for (let hops = 0; row?.replacedById && hops < MAX_CHAIN_HOPS; hops++) {
    const next: ApiKey | null = await tx.apiKey.findFirst({ where: { id: row.replacedById, merchantId } });
    if (!next) break;
    row = next;
  }
  return row;
}

export type RefreshResult = RefreshableKeyResult & {
  merchantId: string;
  previous: { id: string; expiresAt: Date };
};

/**
 * Rotates a refreshable key with its refresh token. The conditional update
 * that marks the token used is the claim: of concurrent presentations of one
 * token, one rotates and the others count as reuse.
 */
export async function refreshApiKey(
  presented: string,
  context: { ip: string | null; userAgent?: string | null },
): Promise<RefreshResult> {
  const ctx = { ip: context.ip, userAgent: context.userAgent ?? null };
  const token = await findToken(presented);
  if (!token || token.revokedAt) throw invalidToken();
  if (token.usedAt) {
    await revokeChain(token, ctx);
    throw invalidToken();
  }
  if (token.expiresAt <= now()) throw invalidToken();
  try {
    return await db.$transaction(async (tx) => {
      const at = now();
      const { count } = await tx.refreshToken.updateMany({
        where: { id: token.id, usedAt: null, revokedAt: null },
        data: { usedAt: at },
      });
      if (count !== 1) throw new TokenAlreadySpent();
      const row = await currentKey(tx, token.merchantId, token.apiKeyId);
      // A paused key is refused like an invalid one, and its token stays unspent (this transaction rolls back).
      if (!row || row.revokedAt || row.disabledAt || !row.refreshable) throw invalidToken();
      const current = decodeKey(row);
      const actor: ApiKeyActor = {
        kind: "api_key",
        keyId: current.id,
        label: `${current.prefix}… (refresh token)`,
        merchantId: current.merchantId,
        keyType: current.type,
        environment: current.environment,
        scopes: current.permissions,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      };
      // The successor copies the key's type and permissions: the same rule as every roll, made explicit.
      const decision = decideKeyOperation(actor, "refresh", keyTarget(current));
      if (!decision.allowed) throw forbidden(decision.reason);
      const lifetime =
        current.expiresAt && current.expiresAt > current.createdAt
          ? current.expiresAt.getTime() - current.createdAt.getTime()
          : REFRESHABLE_KEY_LIFETIME_MS;
      const successor = await insertSuccessor(
        tx,
        actor,
        current.id,
        {
          op: "refresh",
          graceMs: REFRESH_GRACE_MS,
          expiresAt: () => new Date(at.getTime() + lifetime),
          delivery: "response",
          allowExpired: true,
          conflictMessage: "This key is being rotated by another request; retry shortly",
        },
        at,
      );
      const { secret, previousExpiresAt } = successor;
      const next = successor.row;
      const issued = await insertRefreshToken(tx, {
        merchantId: current.merchantId,
        chainId: token.chainId,
        apiKeyId: next.id,
        publishableKeyId: token.publishableKeyId,
        environment: current.environment,
      });
      await recordAudit(tx, actor, {
        action: "api_key.refreshed",
        targetType: "api_key",
        targetId: current.id,
        changes: {
          successor: next.id,
          chain: token.chainId,
          previousExpiresAt: previousExpiresAt.toISOString(),
          expiresAt: next.expiresAt?.toISOString() ?? null,
        },
      });
      const pk = await pairedPublishableKey(tx, current.merchantId, token.publishableKeyId);
      return {
        merchantId: current.merchantId,
        key: toView(next, at),
        secret,
        refreshToken: issued.token,
        refreshTokenExpiresAt: issued.row.expiresAt,
        publishableKey: pk?.publicValue ?? null,
        previous: { id: current.id, expiresAt: previousExpiresAt },
      };
    });
  } catch (err) {
    if (err instanceof TokenAlreadySpent) {
      await revokeChain(token, ctx);
      throw invalidToken();
    }
    throw err;
  }
}

export type RefreshChainView = {
  chainId: string;
  keys: ApiKeyView[];
  tokens: { id: string; apiKeyId: string; createdAt: Date; expiresAt: Date; usedAt: Date | null; revokedAt: Date | null }[];
};

/** A refreshable key's chain, oldest first, for display. Never returns token hashes. */
export async function getRefreshChain(actor: Actor, chainId: string): Promise<RefreshChainView> {
  const where = {
    merchantId: actor.merchantId,
    refreshChainId: chainId,
    ...(actor.kind === "api_key" ? { environment: actor.environment } : {}),
  };
  const keys = await db.apiKey.findMany({ where, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  if (keys.length === 0) throw notFound("No such refresh chain");
  for (const key of keys) authorize(actor, "read", keyTarget(key));
  const tokens = await db.refreshToken.findMany({
    where: { merchantId: actor.merchantId, chainId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, apiKeyId: true, createdAt: true, expiresAt: true, usedAt: true, revokedAt: true },
  });
  const at = now();
  return { chainId, keys: keys.map((k) => toView(k, at)), tokens };
}
