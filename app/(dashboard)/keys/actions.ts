"use server";

import { merchantAction } from "@/lib/actions/merchant-action";
import { createApiKey, getApiKey, revealSecret, revokeApiKey, rollApiKey, updateApiKey } from "@/lib/api-keys/service";
import { getRefreshChain } from "@/lib/api-keys/refresh";
import { disableApiKey, enableApiKey } from "@/lib/api-keys/disable";
import { expireRolledKeyNow } from "@/lib/api-keys/expire-now";
import { dismissNotifications } from "@/lib/notifications/feed";
import { ENVIRONMENTS } from "@/lib/api-keys/kinds";
import { needsNameConfirmation, needsRevokeConfirmation, nameConfirmed } from "@/lib/api-keys/roll-confirmation";
import { ServiceError } from "@/lib/errors";

/** Thin actions: the wrapper resolves the actor; the service validates and authorizes. */

export async function createKeyAction(input: unknown) {
  return merchantAction(async (actor) => {
    const { key } = await createApiKey(actor, input, "reveal");
    return { id: key.id, name: key.name, type: key.type };
  });
}

export async function revealKeyAction(id: unknown) {
  return merchantAction(async (actor) => {
    const { key, secret } = await revealSecret(actor, id);
    return { id: key.id, name: key.name, prefix: key.prefix, type: key.type, environment: key.environment, secret };
  });
}

export async function updateKeyAction(input: { id: unknown; changes: unknown }) {
  return merchantAction(async (actor) => {
    const key = await updateApiKey(actor, input.id, input.changes);
    return { id: key.id, name: key.name };
  });
}

export async function rollKeyAction(input: { id: unknown; expirePreviousIn: unknown; confirmName?: unknown }) {
  return merchantAction(async (actor) => {
    const key = await getApiKey(actor, input.id);
    if (needsNameConfirmation(key) && !nameConfirmed(key, input.confirmName)) {
      throw new ServiceError("validation", "Type the key's name to confirm", { confirmName: ["Does not match the key's name"] });
    }
    const rolled = await rollApiKey(actor, key.id, { expirePreviousIn: input.expirePreviousIn }, "reveal");
    return { id: rolled.key.id, previousExpiresAt: rolled.previous.expiresAt };
  });
}

export async function revokeKeyAction(input: { id: unknown; confirmName?: unknown }) {
  return merchantAction(async (actor) => {
    const current = await getApiKey(actor, input.id);
    if (needsRevokeConfirmation(current, new Date()) && !nameConfirmed(current, input.confirmName)) {
      throw new ServiceError("validation", "Type the key's name to confirm", { confirmName: ["Does not match the key's name"] });
    }
    const key = await revokeApiKey(actor, current.id);
    return { id: key.id, name: key.name };
  });
}

export async function refreshChainAction(chainId: unknown) {
  return merchantAction(async (actor) => {
    if (typeof chainId !== "string" || chainId.length > 64) throw new ServiceError("not_found", "No such refresh chain");
    const chain = await getRefreshChain(actor, chainId);
    return {
      keys: chain.keys.map((k) => ({ id: k.id, prefix: k.prefix, status: k.status, createdAt: k.createdAt, expiresAt: k.expiresAt })),
      tokens: chain.tokens,
    };
  });
}

export async function disableKeyAction(id: unknown) {
  return merchantAction(async (actor) => {
    const key = await disableApiKey(actor, id);
    return { id: key.id, name: key.name };
  });
}

export async function enableKeyAction(id: unknown) {
  return merchantAction(async (actor) => {
    const key = await enableApiKey(actor, id);
    return { id: key.id, name: key.name };
  });
}

/** Ends a rolled key's grace period; the dashboard offers it only once the old secret has been quiet for 15 minutes, and holds to that. */
export async function expireKeyNowAction(id: unknown) {
  return merchantAction(async (actor) => {
    const { key, successorId } = await expireRolledKeyNow(actor, id, { requireQuiet: true });
    return { id: key.id, name: key.name, successorId };
  });
}

/** Dismisses the keys page's suggestions for the whole merchant (the API's dismissals are the same ones). */
export async function dismissNotificationsAction(input: { environment?: unknown; ids?: unknown }) {
  return merchantAction(async (actor) => {
    const environment = ENVIRONMENTS.find((e) => e === input?.environment);
    if (!environment) throw new ServiceError("validation", "Some fields are invalid", { environment: ["Choose test or live"] });
    const dismissed = await dismissNotifications(actor, environment, { ids: input.ids });
    return { dismissed: dismissed.length };
  });
}
