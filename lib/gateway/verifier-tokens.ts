import "server-only";
import { timingSafeEqual } from "node:crypto";
import { hashKey } from "@/lib/api-keys/hash";
import { randomBase62 } from "@/lib/ids";

/**
 * Verifier tokens let the operator's own services (the payment API's
 * servers) call POST /api/v1/keys/verify. The operator configures them as
 *
 *   KEYWARD_VERIFIER_TOKENS=<name>:<hash version>:<hex HMAC>[,...]
 *
 * hashed like API keys (HMAC-SHA-256 under KEYWARD_HASH_SECRETS), so the
 * environment never holds a usable token; `npm run keys -- verifier-token
 * --name <name>` mints one and prints the line to add.
 */
export const VERIFIER_TOKEN_PATTERN = /^kwv_[0-9A-Za-z]{43}$/;

type Entry = { name: string; version: string; hash: Buffer };

let parsed: { raw: string; entries: Entry[] } | null = null;

function entries(): Entry[] {
  const raw = process.env.KEYWARD_VERIFIER_TOKENS?.trim() ?? "";
  if (parsed?.raw === raw) return parsed.entries;
  const list = raw
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [name, version, hex] = part.split(":");
      if (!name || !version || !hex || !/^[0-9a-f]{64}$/i.test(hex)) {
        throw new Error("KEYWARD_VERIFIER_TOKENS: each entry must be name:hash-version:hex (from npm run keys -- verifier-token)");
      }
      return { name, version, hash: Buffer.from(hex, "hex") };
    });
  parsed = { raw, entries: list };
  return list;
}

/** A new verifier token and the KEYWARD_VERIFIER_TOKENS entry that admits it. */
export function mintVerifierToken(name: string): { token: string; entry: string } {
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(name)) throw new Error("A verifier token's name is 1-64 letters, digits, dots, dashes or underscores");
  const token = `kwv_${randomBase62(43)}`;
  const { hash, version } = hashKey(token);
  return { token, entry: `${name}:${version}:${hash}` };
}

/**
 * The name of the configured verifier the presented token belongs to, or
 * null. Every entry is compared, in constant time, whatever matches first.
 */
export function verifierFor(token: string | null): string | null {
  if (!token || !VERIFIER_TOKEN_PATTERN.test(token)) return null;
  const list = entries();
  const hashes = new Map<string, Buffer>();
  let found: string | null = null;
  for (const entry of list) {
    let presented = hashes.get(entry.version);
    if (!presented) {
      try {
        presented = Buffer.from(hashKey(token, entry.version).hash, "hex");
      } catch {
        // A hash version no longer configured admits nothing.
        continue;
      }
      hashes.set(entry.version, presented);
    }
    if (timingSafeEqual(presented, entry.hash) && found === null) found = entry.name;
  }
  return found;
}
