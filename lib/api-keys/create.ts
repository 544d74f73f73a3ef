import "server-only";
import { db, type Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { effectiveScopes, type Scope } from "@/lib/permissions";
import { createApiKeySchema, type CreateApiKeyInput } from "@/lib/validations/api-key";
import { parseInput } from "@/lib/validations/parse";
import { authorize } from "./access";
import { insertKey, type SecretDelivery } from "./insert";
import { toView, type ApiKeyView } from "./view";

export type CreatedKey = { key: ApiKeyView; secret: string };

export async function createApiKey(
  actor: Actor,
  input: CreateApiKeyInput,
  delivery: SecretDelivery,
  extra: {
    refreshable?: boolean;
    refreshChainId?: string | null;
    expiresAtOverride?: Date;
    /** Rows that must exist with the key or not at all (e.g. its first refresh token), written in the same transaction. */
    afterInsert?: (tx: Tx, key: ApiKeyView) => Promise<void>;
  } = {},
): Promise<CreatedKey> {
  const data = parseInput(createApiKeySchema, input);
  const permissions = effectiveScopes(data.type, data.permissions as Scope[]);
  const grant = authorize(actor, "create", { type: data.type, environment: data.environment, permissions });
  return db.$transaction(async (tx) => {
    const { row, secret } = await insertKey(
      tx,
      grant,
      actor,
      {
        merchantId: actor.merchantId,
        name: data.name,
        description: data.description || null,
        type: data.type,
        environment: data.environment,
        permissions,
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
        permissions,
        expiresAt: row.expiresAt?.toISOString() ?? null,
        ...(data.allowedIps?.length ? { allowedIps: data.allowedIps } : {}),
      },
    });
    const key = toView(row);
    await extra.afterInsert?.(tx, key);
    return { key, secret };
  });
}
