import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import { hashSecrets } from "@/lib/config/secrets";

/**
 * API-key secrets are stored as HMAC-SHA-256 under a server secret: fast
 * enough for every request (keys carry 238 random bits, so a slow password
 * hash adds nothing) and useless to whoever steals only the database.
 */
export function hashKey(key: string, version?: string): { hash: string; version: string } {
  const secrets = hashSecrets();
  const secret = version ? secrets.find((s) => s.id === version) : secrets[0];
  if (!secret) throw new Error(`Unknown hash secret version "${version}"`);
  return { hash: createHmac("sha256", secret.key).update(key).digest("hex"), version: secret.id };
}

/** Hashes under every configured secret version, newest first, for lookup during a secret rotation. */
export function candidateHashes(key: string): { hash: string; version: string }[] {
  return hashSecrets().map((s) => ({ hash: createHmac("sha256", s.key).update(key).digest("hex"), version: s.id }));
}

export function constantTimeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a, "hex");
  const bb = Buffer.from(b, "hex");
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
