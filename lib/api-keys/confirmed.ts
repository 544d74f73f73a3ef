import "server-only";
import type { Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { ServiceError } from "@/lib/errors";
import type { RollApiKeyInput } from "@/lib/validations/api-key";
import type { ApiKeyView } from "./view";
import { getApiKey } from "./read";
import { revokeApiKey } from "./revoke";
import { rollApiKey, type RolledKey } from "./roll";
import { needsNameConfirmation, needsRevokeConfirmation, nameConfirmed } from "./roll-confirmation";

/**
 * The dashboard's roll and revoke: the same operations, refused unless the
 * key's name was typed where the confirmation rules ask for it (scripts
 * holding api_keys:write go through the plain operations).
 */

export type RevokeConfirmedInput = { id: string; confirmName?: string };
export type RollConfirmedInput = RevokeConfirmedInput & RollApiKeyInput;

function requireName(key: ApiKeyView, typed: string | undefined, needed: boolean): void {
  if (needed && !nameConfirmed(key, typed)) {
    throw new ServiceError("validation", "Type the key's name to confirm", { confirmName: ["Does not match the key's name"] });
  }
}

export async function rollConfirmed(actor: Actor, input: RollConfirmedInput): Promise<RolledKey> {
  const key = await getApiKey(actor, input.id);
  requireName(key, input.confirmName, needsNameConfirmation(key));
  return rollApiKey(actor, key.id, { expirePreviousIn: input.expirePreviousIn }, "reveal");
}

export async function revokeConfirmed(actor: Actor, input: RevokeConfirmedInput): Promise<ApiKeyView> {
  const key = await getApiKey(actor, input.id);
  requireName(key, input.confirmName, needsRevokeConfirmation(key, now()));
  return revokeApiKey(actor, key.id);
}
