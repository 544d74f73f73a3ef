import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { requireRecentVerificationFor } from "@/lib/auth/step-up";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { conflict } from "@/lib/errors";
import { keyTarget } from "./policy";
import { authorize, findOwnKey, parseKeyId, toView, type ApiKeyView } from "./service";
import { keyStatus } from "./status";

/**
 * Pausing a key: a disabled key is refused like any invalid key until it is
 * enabled again. Disabling takes traffic down, so it is allowed to whoever
 * may revoke the key; enabling gives the key its power back, so it is
 * allowed to whoever may edit it. Both are idempotent: asking for the state
 * a key is already in changes nothing and records nothing.
 */

export async function disableApiKey(actor: Actor, id: string): Promise<ApiKeyView> {
  return setDisabled(actor, id, true);
}

export async function enableApiKey(actor: Actor, id: string): Promise<ApiKeyView> {
  return setDisabled(actor, id, false);
}

async function setDisabled(actor: Actor, id: string, disable: boolean): Promise<ApiKeyView> {
  const keyId = parseKeyId(id);
  return db.$transaction(async (tx) => {
    const row = await findOwnKey(tx, actor, keyId);
    authorize(actor, disable ? "revoke" : "edit", keyTarget(row));
    requireRecentVerificationFor(actor, row.environment);
    const at = now();
    const status = keyStatus(row, at);
    if (status === "revoked" || status === "expired") {
      throw conflict(`This key is ${status} and can never authenticate again: it cannot be ${disable ? "disabled" : "enabled"}`);
    }
    if (Boolean(row.disabledAt) === disable) return toView(row, at, actor);
    const updated = await tx.apiKey.update({ where: { id: row.id }, data: { disabledAt: disable ? at : null } });
    const after = keyStatus(updated, at);
    await recordAudit(tx, actor, {
      action: disable ? "api_key.disabled" : "api_key.enabled",
      targetType: "api_key",
      targetId: row.id,
      changes: { status: [status, after], name: row.name, prefix: row.prefix },
    });
    return toView(updated, at, actor);
  });
}
