import "server-only";
import { db } from "@/lib/db";
import type { ApiKeyActor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { parseKey, type Environment, type KeyType } from "./format";
import { candidateHashes, constantTimeEqualHex } from "./hash";
import { recordKeyDenial } from "./denials";
import { allowlistMatcher } from "./ip-allowlist";
import { recordKeyUse } from "./usage";

/** Reads the presented key from Authorization: Bearer, X-API-Key or api-key. */
export function presentedKey(headers: Headers): string | null {
  const auth = headers.get("authorization");
  if (auth) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return match ? match[1]! : null;
  }
  return headers.get("x-api-key")?.trim() || headers.get("api-key")?.trim() || null;
}

/**
 * The caller's IP. Without TRUST_PROXY it is the socket's peer address, set by
 * our server in a header it always overwrites; with TRUST_PROXY=N (or "true"
 * for 1) it is the address N hops from the right of X-Forwarded-For, the one
 * our own proxies saw.
 */
export function clientIp(headers: Headers): string | null {
  const trust = process.env.TRUST_PROXY?.trim();
  if (trust && trust !== "false" && trust !== "0") {
    const hops = trust === "true" ? 1 : Math.max(1, Number.parseInt(trust, 10) || 1);
    const chain = (headers.get("x-forwarded-for") ?? "").split(",").map((s) => s.trim()).filter(Boolean);
    const ip = chain[chain.length - hops] ?? chain[0];
    if (ip) return normalizeIp(ip);
  }
  const peer = headers.get("x-keyward-peer-ip");
  return peer ? normalizeIp(peer) : null;
}

function normalizeIp(ip: string): string {
  return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").slice(0, 64);
}

export type KeyVerification =
  | { ok: true; actor: ApiKeyActor }
  /** Malformed, unknown, expired or revoked: callers answer every one of them identically. */
  | { ok: false; reason: "invalid" }
  /** A real, usable key presented from an address outside its allowlist. */
  | { ok: false; reason: "ip_not_allowed"; keyId: string; ip: string | null };

const INVALID: KeyVerification = { ok: false, reason: "invalid" };

/**
 * Verifies a presented API key with one indexed lookup (the allowlist comes
 * in the same row). A key used from outside its allowlist is recorded as a
 * refused use, never as a use.
 */
export async function verifyApiKey(
  presented: string | null,
  context: { ip: string | null; userAgent?: string | null },
): Promise<KeyVerification> {
  if (!presented) return INVALID;
  const parsed = parseKey(presented);
  if (!parsed) return INVALID;
  const candidates = candidateHashes(parsed.key);
  const row = await db.apiKey.findFirst({
    where: { secretHash: { in: candidates.map((c) => c.hash) } },
    select: {
      id: true,
      merchantId: true,
      type: true,
      environment: true,
      permissions: true,
      prefix: true,
      secretHash: true,
      hashVersion: true,
      revokedAt: true,
      expiresAt: true,
      allowedIps: true,
    },
  });
  if (!row) return INVALID;
  const expected = candidates.find((c) => c.version === row.hashVersion);
  if (!expected || !constantTimeEqualHex(row.secretHash, expected.hash)) return INVALID;
  const at = now();
  if (row.revokedAt || (row.expiresAt && row.expiresAt <= at)) return INVALID;
  if (row.allowedIps !== null && !allowlistMatcher(row.allowedIps)(context.ip)) {
    recordKeyDenial(row.id, context.ip, at);
    return { ok: false, reason: "ip_not_allowed", keyId: row.id, ip: context.ip };
  }
  recordKeyUse(row.id, context.ip, at);
  return {
    ok: true,
    actor: {
      kind: "api_key",
      keyId: row.id,
      label: `${row.prefix}…`,
      merchantId: row.merchantId,
      keyType: row.type as KeyType,
      environment: row.environment as Environment,
      scopes: JSON.parse(row.permissions) as string[],
      ip: context.ip,
      userAgent: context.userAgent ?? null,
    },
  };
}

/**
 * The actor of a presented API key, or null for every kind of failure
 * (including use from outside the key's allowlist). Request handlers that
 * must tell a refused address apart use verifyApiKey.
 */
export async function authenticateApiKey(
  presented: string | null,
  context: { ip: string | null; userAgent?: string | null },
): Promise<ApiKeyActor | null> {
  const result = await verifyApiKey(presented, context);
  return result.ok ? result.actor : null;
}
