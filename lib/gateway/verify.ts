import "server-only";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { jsonDepth, MAX_JSON_DEPTH, validate } from "@/lib/http/body";
import { ApiError, problemBody, type Problem } from "@/lib/http/problem";
import { API_CONTENT_SECURITY_POLICY, STATIC_SECURITY_HEADERS } from "@/lib/http/security-headers";
import { hasScope, type Access, type Resource } from "@/lib/permissions";
import { limitIp, limitKey, penalizeFailedAuth } from "@/lib/rate-limit/api-limits";
import { verifyKeyRequestSchema, type VerifyKeyRequest, type VerifyKeyResult } from "@/lib/validations/api/keys-verify";
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

export type GatewayResponse =
  | { status: 200; json: VerifyKeyResult }
  | { status: number; problem: Problem; retryAfter?: number };

const NOT_FOUND: GatewayResponse = { status: 200, json: { valid: false, code: "not_found" } };
const FORBIDDEN_IP: GatewayResponse = { status: 200, json: { valid: false, code: "forbidden_ip" } };
const INSUFFICIENT: GatewayResponse = { status: 200, json: { valid: false, code: "insufficient_permissions" } };
const RATE_LIMITED: GatewayResponse = { status: 200, json: { valid: false, code: "rate_limited" } };

function bearer(authorization: string | null): string | null {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match ? match[1]! : null;
}

function problem(status: number, detail: string, extra: Parameters<typeof problemBody>[2] = {}): GatewayResponse {
  return { status, problem: problemBody(status, detail, extra) };
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
  if (verifierFor(bearer(req.authorization)) === null) {
    // Guessing tokens costs the caller's address like a failed key; once spent, 429.
    const decision = await limitIp(req.peerIp);
    await penalizeFailedAuth(req.peerIp);
    if (!decision.allowed) {
      return { ...problem(429, "Too many requests. Wait for the time in Retry-After, then retry."), retryAfter: Math.max(1, Math.ceil(decision.resetMs / 1000)) };
    }
    return problem(401, "A valid verifier token is required (Authorization: Bearer kwv_…).");
  }
  if (req.body === null) return problem(413, `Request bodies are limited to ${MAX_VERIFY_BODY_BYTES} bytes.`);
  if (!isJson(req.contentType)) return problem(415, "Send the request body as application/json.");
  let value: unknown;
  try {
    value = JSON.parse(req.body);
  } catch {
    return problem(400, "The request body is not valid JSON.");
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) return problem(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  let input: VerifyKeyRequest;
  try {
    input = validate(verifyKeyRequestSchema, value);
  } catch (err) {
    if (err instanceof ApiError) return problem(err.status, err.detail, { fieldErrors: err.fieldErrors });
    throw err;
  }

  const verified = await verifyApiKey(input.key, { ip: input.ip ?? null, userAgent: null });
  if (!verified.ok) return verified.reason === "ip_not_allowed" ? FORBIDDEN_IP : NOT_FOUND;
  const actor = verified.actor;
  const decision = await limitKey(actor.keyId);
  if (!decision.allowed) return RATE_LIMITED;
  if (!holdsAll(actor.scopes, input.permissions)) return INSUFFICIENT;
  return {
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
  const headers: Record<string, string> = { ...BASE_HEADERS };
  if (hsts) headers["strict-transport-security"] = hsts;
  if ("json" in result) {
    headers["content-type"] = "application/json";
    return { status: 200, headers, body: JSON.stringify(result.json) };
  }
  headers["content-type"] = "application/problem+json";
  if (result.status === 401) headers["www-authenticate"] = 'Bearer realm="keyward-verifier"';
  if (result.retryAfter) headers["retry-after"] = String(result.retryAfter);
  return { status: result.status, headers, body: JSON.stringify(result.problem) };
}

const BASE_HEADERS: Record<string, string> = {
  ...Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key.toLowerCase(), h.value])),
  "content-security-policy": API_CONTENT_SECURITY_POLICY,
  "cache-control": "no-store",
};
