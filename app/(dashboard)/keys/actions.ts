"use server";

import { merchantAction } from "@/lib/actions/merchant-action";
import { createApiKey, revealSecret, updateApiKey } from "@/lib/api-keys/service";
import { getRefreshChain } from "@/lib/api-keys/refresh";
import { disableApiKey, enableApiKey } from "@/lib/api-keys/disable";
import { expireRolledKeyNow } from "@/lib/api-keys/expire-now";
import { acknowledgeNewIp, dismissNotifications } from "@/lib/notifications/feed";
import { ENVIRONMENTS, type Environment } from "@/lib/api-keys/kinds";
import { revokeConfirmed, rollConfirmed, type RevokeConfirmedInput, type RollConfirmedInput } from "@/lib/api-keys/confirmed";
import type { AcknowledgeNewIpInput, CreateApiKeyInput, UpdateApiKeyInput } from "@/lib/validations/api-key";
import type { DismissNotificationsInput } from "@/lib/validations/notification";
import { ServiceError } from "@/lib/errors";

/**
 * Thin actions: the wrapper resolves the actor; the service validates and authorizes.
 * Parameters are typed for the pages; what a client really sends is parsed
 * by the services, so a missing argument reads as an empty one.
 */

export async function createKeyAction(input: CreateApiKeyInput) {
  return merchantAction(async (actor) => {
    const { key } = await createApiKey(actor, input, "reveal");
    return { id: key.id, name: key.name, type: key.type };
  });
}

export async function revealKeyAction(id: string) {
  return merchantAction(async (actor) => {
    const { key, secret } = await revealSecret(actor, id);
    return { id: key.id, name: key.name, prefix: key.prefix, type: key.type, environment: key.environment, secret };
  });
}

export async function updateKeyAction(input: { id: string; changes: UpdateApiKeyInput }) {
  return merchantAction(async (actor) => {
    const key = await updateApiKey(actor, input.id, input.changes);
    return { id: key.id, name: key.name };
  });
}

export async function rollKeyAction(input: RollConfirmedInput) {
  return merchantAction(async (actor) => {
    const rolled = await rollConfirmed(actor, input);
    return { id: rolled.key.id, previousExpiresAt: rolled.previous.expiresAt };
  });
}

export async function revokeKeyAction(input: RevokeConfirmedInput) {
  return merchantAction(async (actor) => {
    const key = await revokeConfirmed(actor, input);
    return { id: key.id, name: key.name };
  });
}

export async function refreshChainAction(chainId: string) {
  return merchantAction(async (actor) => {
    // Typed for the pages; a client can send anything.
    if (typeof chainId !== "string" || chainId.length > 64) throw new ServiceError("not_found", "No such refresh chain");
    const chain = await getRefreshChain(actor, chainId);
    return {
      keys: chain.keys.map((k) => ({ id: k.id, prefix: k.prefix, status: k.status, createdAt: k.createdAt, expiresAt: k.expiresAt })),
      tokens: chain.tokens,
    };
  });
}

export async function disableKeyAction(id: string) {
  return merchantAction(async (actor) => {
    const key = await disableApiKey(actor, id);
    return { id: key.id, name: key.name };
  });
}

export async function enableKeyAction(id: string) {
  return merchantAction(async (actor) => {
    const key = await enableApiKey(actor, id);
    return { id: key.id, name: key.name };
  });
}

/** Ends a rolled key's grace period; the dashboard offers it only once the old secret has been quiet for 15 minutes, and holds to that. */
export async function expireKeyNowAction(id: string) {
  return merchantAction(async (actor) => {
    const { key, successorId } = await expireRolledKeyNow(actor, id, { requireQuiet: true });
    return { id: key.id, name: key.name, successorId };
  });
}

/** Dismisses the keys page's suggestions for the whole merchant (the API's dismissals are the same ones). */
export async function dismissNotificationsAction(input: { environment: Environment } & DismissNotificationsInput) {
  return merchantAction(async (actor) => {
    const environment = ENVIRONMENTS.find((e) => e === input?.environment);
    if (!environment) throw new ServiceError("validation", "Some fields are invalid", { environment: ["Choose test or live"] });
    const dismissed = await dismissNotifications(actor, environment, { ids: input.ids });
    return { dismissed: dismissed.length };
  });
}

/** "This was me" on a key's new-IP alert: the address's alerts for that key go away for the whole merchant. */
export async function acknowledgeNewIpAction(input: AcknowledgeNewIpInput) {
  return merchantAction(async (actor) => {
    const done = await acknowledgeNewIp(actor, { keyId: input?.keyId, ip: input?.ip });
    return { keyId: done.keyId, ip: done.ip };
  });
}
