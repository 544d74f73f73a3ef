import "server-only";
import type { ApiKeyActor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import type { HeaderReader } from "@/lib/http/security-headers";
import { parseKey } from "./format";
import { asEnvironment, asKeyType } from "./kinds";
import { candidateHashes, constantTimeEqualHex } from "./hash";
import { recordKeyDenial } from "./denials";
import { allowlistMatcher } from "./ip-allowlist";
import { decodePermissions } from "./json-columns";
import { findKeyByHash, type KeyRow } from "./key-lookup";
import { recordKeyUse } from "./usage";

/** Reads the presented key from Authorization: Bearer, X-API-Key or api-key. */
export function presentedKey(headers: HeaderReader): string | null {
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
export function clientIp(headers: HeaderReader): string | null {
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
  | { ok: true; actor: ApiKeyActor; expiresAt: number | null }
  /** Malformed, unknown, expired, revoked or disabled: callers answer every one of them identically. */
  | { ok: false; reason: "invalid" }
  /** A real, usable key presented from an address outside its allowlist. */
  | { ok: false; reason: "ip_not_allowed"; keyId: string; ip: string | null };

const INVALID: KeyVerification = { ok: false, reason: "invalid" };

// Decoded permission lists by their stored JSON: a handful of distinct values
// serve every key, so requests share one frozen array instead of parsing.
const MAX_SCOPE_LISTS = 1000;
const scopeLists = new Map<string, string[]>();

function scopesOf(stored: string): string[] {
  let scopes = scopeLists.get(stored);
  if (scopes) return scopes;
  scopes = Object.freeze(decodePermissions(stored)) as string[];
  if (scopeLists.size >= MAX_SCOPE_LISTS) scopeLists.delete(scopeLists.keys().next().value!);
  scopeLists.set(stored, scopes);
  return scopes;
}

/** The row stored for this key under any configured hash secret (newest first), compared in constant time. */
async function findKey(key: string): Promise<KeyRow | null> {
  for (const candidate of candidateHashes(key)) {
    const row = await findKeyByHash(candidate.hash);
    if (row && row.hashVersion === candidate.version && constantTimeEqualHex(row.secretHash, candidate.hash)) return row;
  }
  return null;
}

/**
 * The one verification of a presented API key, for the /api/v1 routes and
 * the gateway's POST /api/v1/keys/verify alike: one indexed lookup (the
 * allowlist comes in the same row, read afresh on every call), then the
 * revocation, disabled and expiry checks against the clock now. A key used
 * from outside its allowlist is recorded as a refused use, never as a use.
 */
export async function verifyApiKey(
  presented: string | null,
  context: { ip: string | null; userAgent?: string | null },
): Promise<KeyVerification> {
  if (!presented) return INVALID;
  const parsed = parseKey(presented);
  if (!parsed) return INVALID;
  const row = await findKey(parsed.key);
  if (!row) return INVALID;
  const at = now();
  if (row.revokedAt !== null || row.disabledAt !== null || (row.expiresAt !== null && row.expiresAt <= at.getTime())) {
    return INVALID;
  }
  if (row.allowedIps !== null && !allowlistMatcher(row.allowedIps)(context.ip)) {
    recordKeyDenial(row.id, context.ip, at);
    return { ok: false, reason: "ip_not_allowed", keyId: row.id, ip: context.ip };
  }
  recordKeyUse(row.id, context.ip, at);
  return {
    ok: true,
    expiresAt: row.expiresAt,
    actor: {
      kind: "api_key",
      keyId: row.id,
      label: `${row.prefix}…`,
      merchantId: row.merchantId,
      keyType: asKeyType(row.type),
      environment: asEnvironment(row.environment),
      scopes: scopesOf(row.permissions),
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
