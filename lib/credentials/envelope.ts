import "server-only";
import { randomBytes } from "node:crypto";
import { currentMasterKey, findMasterKey } from "@/lib/config/secrets";
import { DecryptionError, deriveKey, open, seal } from "@/lib/crypto/seal";

/**
 * Envelope encryption of provider credentials. Each credential's secret is
 * sealed (AES-256-GCM) with its own random data key; the data key is sealed
 * with a subkey of a master key, whose id is stored beside it. Rotating the
 * master key re-wraps data keys only: ciphertexts never change.
 *
 * Both seals carry the credential's merchant, application and provider as
 * additional authenticated data, so a ciphertext or wrapped key copied into
 * another row fails to open instead of decrypting under the wrong owner.
 */
export type CredentialContext = { merchantId: string; applicationId: string; provider: string };

export type Envelope = { ciphertext: string; wrappedKey: string; masterKeyId: string };

const WRAP_PURPOSE = "credential-wrap";

function aad(kind: "secret" | "data-key", ctx: CredentialContext): string {
  // JSON keeps the fields unambiguous whatever characters they contain.
  return JSON.stringify(["keyward.credential.v1", kind, ctx.merchantId, ctx.applicationId, ctx.provider]);
}

/** A master key that is not configured cannot open anything: fail as loudly as a wrong one. */
export class MasterKeyUnavailableError extends Error {
  constructor(readonly masterKeyId: string) {
    super(`Master key "${masterKeyId}" is not configured; add it to KEYWARD_MASTER_KEYS after the current key`);
    this.name = "MasterKeyUnavailableError";
  }
}

function wrappingKey(masterKeyId: string): Buffer {
  let master: Buffer;
  try {
    master = findMasterKey(masterKeyId).key;
  } catch {
    throw new MasterKeyUnavailableError(masterKeyId);
  }
  return deriveKey(master, WRAP_PURPOSE);
}

function unwrapDataKey(ctx: CredentialContext, wrappedKey: string, masterKeyId: string): Buffer {
  const dataKey = open(wrappedKey, wrappingKey(masterKeyId), aad("data-key", ctx));
  if (dataKey.length !== 32) throw new DecryptionError();
  return dataKey;
}

export function sealCredential(ctx: CredentialContext, secret: string): Envelope {
  const master = currentMasterKey();
  const dataKey = randomBytes(32);
  try {
    return {
      ciphertext: seal(secret, dataKey, aad("secret", ctx)),
      wrappedKey: seal(dataKey, deriveKey(master.key, WRAP_PURPOSE), aad("data-key", ctx)),
      masterKeyId: master.id,
    };
  } finally {
    dataKey.fill(0);
  }
}

/** Throws DecryptionError (tampering, wrong key, moved row) or MasterKeyUnavailableError; never returns garbage. */
export function openCredential(ctx: CredentialContext, envelope: Envelope): string {
  const dataKey = unwrapDataKey(ctx, envelope.wrappedKey, envelope.masterKeyId);
  try {
    return open(envelope.ciphertext, dataKey, aad("secret", ctx)).toString("utf8");
  } finally {
    dataKey.fill(0);
  }
}

/** The same data key, wrapped by the current master key. The secret itself is never decrypted. */
export function rewrapDataKey(
  ctx: CredentialContext,
  envelope: Pick<Envelope, "wrappedKey" | "masterKeyId">,
): Pick<Envelope, "wrappedKey" | "masterKeyId"> {
  const master = currentMasterKey();
  const dataKey = unwrapDataKey(ctx, envelope.wrappedKey, envelope.masterKeyId);
  try {
    return { wrappedKey: seal(dataKey, deriveKey(master.key, WRAP_PURPOSE), aad("data-key", ctx)), masterKeyId: master.id };
  } finally {
    dataKey.fill(0);
  }
}
