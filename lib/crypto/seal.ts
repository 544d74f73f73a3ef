import { createCipheriv, createDecipheriv, randomBytes, hkdfSync } from "node:crypto";

/**
 * AES-256-GCM with additional authenticated data. The AAD binds a
 * ciphertext to where it belongs (merchant, row, purpose): moved anywhere
 * else, it fails to decrypt instead of yielding plaintext.
 * Format: v1.<iv>.<ciphertext>.<tag>, each base64url.
 */
export function seal(plaintext: Buffer | string, key: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ["v1", iv.toString("base64url"), ct.toString("base64url"), cipher.getAuthTag().toString("base64url")].join(".");
}

export class DecryptionError extends Error {
  constructor() {
    super("Decryption failed: the ciphertext, its context or the key is wrong");
    this.name = "DecryptionError";
  }
}

export function open(sealed: string, key: Buffer, aad: string): Buffer {
  const [version, iv, ct, tag] = sealed.split(".");
  if (version !== "v1" || !iv || ct === undefined || !tag) throw new DecryptionError();
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ct, "base64url")), decipher.final()]);
  } catch {
    throw new DecryptionError();
  }
}

/** A purpose-specific subkey, so one master key never encrypts two kinds of data directly. */
export function deriveKey(master: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", master, Buffer.alloc(0), `keyward:${purpose}`, 32));
}
