import "server-only";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { jsonDepth, MAX_JSON_DEPTH, validate } from "@/lib/http/body";
import { ApiError, problemBody, type Problem } from "@/lib/http/problem";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { hasScope, type Access, type Resource } from "@/lib/permissions";
import { limitIp, limitKey, limitVerifier, penalizeFailedAuth, rateLimitHeaders } from "@/lib/rate-limit/api-limits";
import type { RateLimitDecision } from "@/lib/rate-limit/store";
import {
  verifyKeyRequestSchema,
  type VerifyFailureCode,
  type VerifyKeyRequest,
  type VerifyKeyResult,
} from "@/lib/validations/api/keys-verify";
import { verifierFor } from "./verifier-tokens";

/**
 * POST /api/v1/keys/verify, independent of the HTTP server: the custom
 * server answers it ahead of Next.js (lib/gateway/node-handler.ts) and the
 * Next.js route (app/api/v1/keys/verify) answers it in development, both
 * through this function. The key itself is verified by the same
 * verifyApiKey as every /api/v1 request, then rate-limited by the same
 * per-key limiter, so a key used through a gateway and directly shares one
 * budget, one usage history and one last use.
 */
export const VERIFY_PATH = "/api/v1/keys/verify";
export const MAX_VERIFY_BODY_BYTES = 8 * 1024;

export type GatewayRequest = {
  authorization: string | null;
  contentType: string | null;
  /** The raw body, or null when it was larger than MAX_VERIFY_BODY_BYTES. */
  body: string | null;
  /** The address of the caller (the gateway), for the failed-token penalty. */
  peerIp: string | null;
};

/** What the gateway answers; `limit` is the caller's budget (the verifier's, or its IP's when the token is wrong). */
export type GatewayResponse = ({ status: 200; json: VerifyKeyResult } | { status: number; problem: Problem }) & { limit?: RateLimitDecision };

const refused = (code: VerifyFailureCode, limit: RateLimitDecision): GatewayResponse => ({ status: 200, json: { valid: false, code }, limit });
const TOO_MANY = "Too many requests. Wait for the time in Retry-After, then retry.";

function bearer(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1]! : null;
}

function problem(status: number, detail: string, limit: RateLimitDecision, extra: Parameters<typeof problemBody>[2] = {}): GatewayResponse {
  return { status, problem: problemBody(status, detail, extra), limit };
}

function isJson(contentType: string | null): boolean {
  const type = contentType?.split(";")[0]!.trim().toLowerCase();
  return type === "application/json";
}

function holdsAll(scopes: readonly string[], wanted: readonly string[] | undefined): boolean {
  if (!wanted) return true;
  return wanted.every((p) => {
    const [resource, access] = p.split(":") as [Resource, Access];
    return hasScope(scopes, resource, access);
  });
}

export async function verifyForGateway(req: GatewayRequest): Promise<GatewayResponse> {
  const verifier = verifierFor(bearer(req.authorization));
  if (verifier === null) {
    // Guessing tokens costs the caller's address like a failed key; once spent, 429.
    const ipLimit = await limitIp(req.peerIp);
    await penalizeFailedAuth(req.peerIp);
    if (!ipLimit.allowed) return problem(429, TOO_MANY, ipLimit);
    return problem(401, "A valid verifier token is required (Authorization: Bearer kwv_…).", ipLimit);
  }
  const limit = await limitVerifier(verifier);
  if (!limit.allowed) return problem(429, TOO_MANY, limit);
  if (req.body === null) return problem(413, `Request bodies are limited to ${MAX_VERIFY_BODY_BYTES} bytes.`, limit);
  if (!isJson(req.contentType)) return problem(415, "Send the request body as application/json.", limit);
  let value: unknown;
  try {
    value = JSON.parse(req.body);
  } catch {
    return problem(400, "The request body is not valid JSON.", limit);
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) return problem(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`, limit);
  let input: VerifyKeyRequest;
  try {
    input = validate(verifyKeyRequestSchema, value);
  } catch (err) {
    if (err instanceof ApiError) return problem(err.status, err.detail, limit, { fieldErrors: err.fieldErrors });
    throw err;
  }

  const verified = await verifyApiKey(input.key, { ip: input.ip ?? null, userAgent: null });
  if (!verified.ok) return refused(verified.reason === "ip_not_allowed" ? "forbidden_ip" : "not_found", limit);
  const actor = verified.actor;
  const decision = await limitKey(actor.keyId);
  if (!decision.allowed) return refused("rate_limited", limit);
  if (!holdsAll(actor.scopes, input.permissions)) return refused("insufficient_permissions", limit);
  return {
    limit,
    status: 200,
    json: {
      valid: true,
      code: "valid",
      key_id: actor.keyId,
      merchant: actor.merchantId,
      type: actor.keyType,
      environment: actor.environment,
      permissions: actor.scopes,
      expires_at: verified.expiresAt === null ? null : Math.floor(verified.expiresAt / 1000),
      rate_limit: { limit: decision.limit, remaining: decision.remaining, reset: Math.max(0, Math.ceil(decision.resetMs / 1000)) },
    },
  };
}

/** Status, headers and body of a gateway answer, for whichever server writes it. */
export function gatewayResponseParts(result: GatewayResponse, hsts: string | null): { status: number; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { ...BASE_HEADERS, ...(result.limit ? rateLimitHeaders(result.limit) : {}) };
  if (hsts) headers["strict-transport-security"] = hsts;
  if ("json" in result) {
    headers["content-type"] = "application/json";
    return { status: 200, headers, body: JSON.stringify(result.json) };
  }
  headers["content-type"] = "application/problem+json";
  if (result.status === 401) headers["www-authenticate"] = 'Bearer realm="keyward-verifier"';
  return { status: result.status, headers, body: JSON.stringify(result.problem) };
}

const BASE_HEADERS: Record<string, string> = {
  ...Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key.toLowerCase(), h.value])),
  "content-security-policy": API_CONTENT_SECURITY_POLICY,
  "cache-control": "no-store",
};
