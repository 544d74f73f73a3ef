import "server-only";
import type { db, Tx } from "@/lib/db";
import type { ApiKey } from "@/lib/generated/sqlite/client";
import type { Actor } from "@/lib/auth/actor";
import { forbidden } from "@/lib/errors";
import { foundOr404, ownWhere, parseOwnId } from "@/lib/db/own";
import { keyIdSchema } from "@/lib/validations/api-key";
import type { Environment } from "./kinds";
import { decideInEnvironment, decideKeyOperation, type KeyChange, type KeyOperation, type KeyTarget } from "./policy";

declare const granted: unique symbol;

/**
 * Proof that the key policy allowed an operation. Writing a key row takes
 * one (see insert.ts), so no path can write a key without having asked.
 */
export type KeyGrant = { readonly op: KeyOperation; readonly target: KeyTarget; readonly [granted]: true };

/** Refuses (403) what the key policy does not allow; every service path calls it before changing anything. */
export function authorize(actor: Actor, op: KeyOperation, target: KeyTarget, change?: KeyChange): KeyGrant {
  const decision = decideKeyOperation(actor, op, target, change);
  if (!decision.allowed) throw forbidden(decision.reason);
  return { op, target } as KeyGrant;
}

/** For operations on no key in particular (listing). */
export function authorizeIn(actor: Actor, op: KeyOperation, environment: Environment): void {
  const decision = decideInEnvironment(actor, op, environment);
  if (!decision.allowed) throw forbidden(decision.reason);
}

export function parseKeyId(id: unknown): string {
  return parseOwnId(keyIdSchema, id, "API key");
}

/** Loads a key of the actor's merchant. Keys of other merchants (and, for API keys, of the other environment) do not exist. */
export async function findOwnKey(client: Tx | typeof db, actor: Actor, id: string): Promise<ApiKey> {
  return foundOr404(await client.apiKey.findFirst({ where: ownWhere(actor, id) }), "API key");
}
