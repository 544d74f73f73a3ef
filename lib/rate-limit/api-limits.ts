import "server-only";
import { ipBucket } from "@/lib/http/ip-bucket";
import { createLimiter, type RateLimitDecision, type RateLimiter } from "./store";

/**
 * The API's limits, in requests per minute:
 *   KEYWARD_RATE_LIMIT_PER_KEY           per API key (default 300)
 *   KEYWARD_RATE_LIMIT_PER_IP            per client IP, every request (default 600)
 *   KEYWARD_RATE_LIMIT_AUTH_FAILURE_COST what a failed authentication costs the
 *                                        IP's budget, in requests (default 10), so
 *                                        guessing keys is slow
 *   KEYWARD_RATE_LIMIT_PER_VERIFIER      key verifications per verifier token, for
 *                                        the operator's gateways (default 600,000:
 *                                        10,000 a second, a guard against a runaway
 *                                        caller rather than a quota)
 */
export const WINDOW_SECONDS = 60;

type Limits = { perKey: RateLimiter; perIp: RateLimiter; perVerifier: RateLimiter; authFailureCost: number; signature: string; raw: string };

function envInt(name: string, fallback: number): number {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const value = Number.parseInt(raw, 10);
  if (!Number.isFinite(value) || value < 1) throw new Error(`${name} must be a positive whole number`);
  return value;
}

const g = globalThis as unknown as { keywardApiLimits?: Limits };

function limits(): Limits {
  // Compared as raw text first: parsing the variables on every request is waste.
  const env = process.env;
  const raw = `${env.KEYWARD_RATE_LIMIT_PER_KEY}/${env.KEYWARD_RATE_LIMIT_PER_IP}/${env.KEYWARD_RATE_LIMIT_AUTH_FAILURE_COST}/${env.KEYWARD_RATE_LIMIT_PER_VERIFIER}/${env.KEYWARD_RATE_LIMIT_STORE}`;
  const current = g.keywardApiLimits;
  if (current?.raw === raw) return current;
  const perKey = envInt("KEYWARD_RATE_LIMIT_PER_KEY", 300);
  const perIp = envInt("KEYWARD_RATE_LIMIT_PER_IP", 600);
  const authFailureCost = envInt("KEYWARD_RATE_LIMIT_AUTH_FAILURE_COST", 10);
  const perVerifier = envInt("KEYWARD_RATE_LIMIT_PER_VERIFIER", 600_000);
  const signature = `${perKey}/${perIp}/${authFailureCost}/${perVerifier}/${process.env.KEYWARD_RATE_LIMIT_STORE ?? ""}`;
  if (current?.signature === signature) {
    current.raw = raw;
    return current;
  }
  g.keywardApiLimits = {
    raw,
    perKey: createLimiter({ name: "api_key", points: perKey, durationSeconds: WINDOW_SECONDS }),
    perIp: createLimiter({ name: "api_ip", points: perIp, durationSeconds: WINDOW_SECONDS }),
    // Per process: a verifier's guard need not be shared between instances.
    perVerifier: createLimiter({ name: "api_verifier", points: perVerifier, durationSeconds: WINDOW_SECONDS }, "memory"),
    authFailureCost,
    signature,
  };
  return g.keywardApiLimits;
}

/** IPv4 counts per address, IPv6 per /64 (one subscriber's block), so rotating addresses buys no budget. */
const ipKey = (ip: string | null) => ipBucket(ip) ?? "unknown";

/** Counts one request from this IP. */
export function limitIp(ip: string | null): Promise<RateLimitDecision> {
  return limits().perIp.consume(ipKey(ip));
}

/** A failed authentication (bad key or refresh token) costs the IP more than a request. */
export async function penalizeFailedAuth(ip: string | null): Promise<void> {
  const { perIp, authFailureCost } = limits();
  if (authFailureCost > 1) await perIp.penalize(ipKey(ip), authFailureCost - 1);
}

/** Counts one request made with this key. */
export function limitKey(keyId: string): Promise<RateLimitDecision> {
  return limits().perKey.consume(keyId);
}

/** Counts one key verification by this verifier (the name its token is configured under). */
export function limitVerifier(name: string): Promise<RateLimitDecision> {
  return limits().perVerifier.consume(name);
}

/** Of two decisions, the one closer to refusing: what the headers should describe. */
export function tighter(a: RateLimitDecision, b: RateLimitDecision | null): RateLimitDecision {
  if (!b) return a;
  if (a.allowed !== b.allowed) return a.allowed ? b : a;
  return b.remaining < a.remaining ? b : a;
}

/** Sets the RateLimit-* headers (IETF draft), plus Retry-After when refused, on a response's headers. */
export function setRateLimitHeaders(headers: Headers, decision: RateLimitDecision): void {
  const resetSeconds = Math.max(0, Math.ceil(decision.resetMs / 1000));
  headers.set("RateLimit-Limit", String(decision.limit));
  headers.set("RateLimit-Remaining", String(decision.remaining));
  headers.set("RateLimit-Reset", String(resetSeconds));
  headers.set("RateLimit-Policy", `${decision.limit};w=${WINDOW_SECONDS}`);
  if (!decision.allowed) headers.set("Retry-After", String(Math.max(1, resetSeconds)));
}

/** RateLimit-* headers (IETF draft), plus Retry-After when refused. */
export function rateLimitHeaders(decision: RateLimitDecision): Record<string, string> {
  const resetSeconds = Math.max(0, Math.ceil(decision.resetMs / 1000));
  const headers: Record<string, string> = {
    "RateLimit-Limit": String(decision.limit),
    "RateLimit-Remaining": String(decision.remaining),
    "RateLimit-Reset": String(resetSeconds),
    "RateLimit-Policy": `${decision.limit};w=${WINDOW_SECONDS}`,
  };
  if (!decision.allowed) headers["Retry-After"] = String(Math.max(1, resetSeconds));
  return headers;
}
