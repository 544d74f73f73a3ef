import "server-only";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { authorize, findOwnKey, parseKeyId } from "./access";
import { keyTarget } from "./policy";
import { keyStatus } from "./status";
import { toView, type ApiKeyView } from "./view";

/** Revokes a key at once. Idempotent: revoking a revoked key changes nothing. */
export async function revokeApiKey(actor: Actor, id: string): Promise<ApiKeyView> {
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
