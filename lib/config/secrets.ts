import "server-only";

/**
 * Server secrets come from the environment as `id:base64` lists, newest
 * first, so each can be rotated: new values are written under the first id
 * while older ids stay readable.
 *
 *   KEYWARD_HASH_SECRETS  keys for the HMAC of API-key secrets
 *   KEYWARD_MASTER_KEYS   256-bit keys that wrap encryption keys
 */
export type VersionedKey = { id: string; key: Buffer };

// Parsed lists by variable, kept while the variable's value is unchanged: the
// hash secrets are read on every API request.
const parsed = new Map<string, { raw: string; keys: VersionedKey[] }>();

function parseKeyList(name: string, minBytes: number, exactBytes?: number): VersionedKey[] {
  const raw = process.env[name]?.trim();
  const hit = parsed.get(name);
  if (hit && hit.raw === raw) return hit.keys;
  const keys = parseKeyListValue(name, raw, minBytes, exactBytes);
  parsed.set(name, { raw: raw!, keys });
  return keys;
}

function parseKeyListValue(name: string, raw: string | undefined, minBytes: number, exactBytes?: number): VersionedKey[] {
  if (!raw) {
    throw new Error(`${name} is not set. Run "npm run env:init" to generate local secrets, or set it in the environment.`);
  }
  const keys = raw.split(",").map((part) => {
    const [id, value] = part.trim().split(":");
    if (!id || !value || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) throw new Error(`${name}: each entry must be id:base64`);
    const key = Buffer.from(value, "base64");
    if (key.length < minBytes || (exactBytes !== undefined && key.length !== exactBytes)) {
      throw new Error(`${name}: key "${id}" must be ${exactBytes ?? `at least ${minBytes}`} bytes`);
    }
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error(`${name}: duplicate key id`);
  return keys;
}

export function hashSecrets(): VersionedKey[] {
  return parseKeyList("KEYWARD_HASH_SECRETS", 32);
}

export function masterKeys(): VersionedKey[] {
  return parseKeyList("KEYWARD_MASTER_KEYS", 32, 32);
}

export function currentMasterKey(): VersionedKey {
  return masterKeys()[0]!;
}

export function findMasterKey(id: string): VersionedKey {
  const found = masterKeys().find((k) => k.id === id);
  if (!found) throw new Error(`Master key "${id}" is not configured`);
  return found;
}

/** Fails fast at start-up in production when a required secret is missing. */
export function assertServerSecrets(): void {
  hashSecrets();
  masterKeys();
  if (!process.env.AUTH_SECRET) throw new Error("AUTH_SECRET is not set");
}
