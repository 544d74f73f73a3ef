import "server-only";
import type { ApiKeyActor } from "@/lib/auth/actor";
import { clientIp, presentedKey, verifyApiKey } from "@/lib/api-keys/authenticate";
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { isServiceError } from "@/lib/errors";
import { idempotencyKeyFrom, runIdempotent } from "@/lib/idempotency";
import { hasScope, type Access, type Resource } from "@/lib/permissions";
import { limitIp, limitKey, penalizeFailedAuth, setRateLimitHeaders, tighter } from "@/lib/rate-limit/api-limits";
import type { RateLimitDecision } from "@/lib/rate-limit/store";
import { readJsonBody } from "./body";
import { strictTransportSecurity } from "./security-headers";
import { ApiError, STATUS_FOR_CODE, problemResponse, snakeCaseFieldErrors, unauthorizedResponse } from "./problem";
import { errorFields, logger, noteRequestActor } from "@/lib/log/logger.mjs";

export type ApiContext<P> = {
  actor: ApiKeyActor;
  /** The request; for POST/PATCH/PUT its body has been read into `body` (and can still be read again). */
  request: Request;
  params: P;
  /** The parsed JSON body of a POST/PATCH/PUT (`{}` when empty); size, content type and syntax already checked. */
  body: unknown;
  ip: string | null;
};

export type PublicApiContext<P> = Omit<ApiContext<P>, "actor">;

type ScopeRequirement = [Resource, Access];

export type ApiRouteOptions = {
  /** The scope the key must hold, e.g. ["api_keys", "write"]; given a list, any one of them suffices. */
  scope?: ScopeRequirement | ScopeRequirement[];
  /** Let publishable keys through (only for endpoints a browser may call). */
  allowPublishable?: boolean;
};

const BODY_METHODS = new Set(["POST", "PATCH", "PUT"]);

/** The route's scope requirement, resolved once when the route is defined rather than on every request. */
function scopeCheck(scope: ApiRouteOptions["scope"]): { holds: (actor: ApiKeyActor) => boolean; label: string } {
  if (!scope) return { holds: () => true, label: "" };
  const list: ScopeRequirement[] = Array.isArray(scope[0]) ? (scope as ScopeRequirement[]) : [scope as ScopeRequirement];
  return {
    holds: (actor) => list.some(([resource, access]) => hasScope(actor.scopes, resource, access)),
    label: list.map(([r, a]) => `${r}:${a}`).join(" or "),
  };
}

/**
 * Adds the RateLimit-* headers, Cache-Control (unless the handler chose one)
 * and Strict-Transport-Security over HTTPS to the handler's own response, in
 * place: copying every response is a cost on the hot path. Only a response
 * with immutable headers (a fetched or redirect response) is copied.
 */
function withHeaders(response: Response, decision: RateLimitDecision | null, hsts: string | null): Response {
  try {
    addHeaders(response.headers, decision, hsts);
    return response;
  } catch {
    const headers = new Headers(response.headers);
    addHeaders(headers, decision, hsts);
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  }
}

function addHeaders(headers: Headers, decision: RateLimitDecision | null, hsts: string | null): void {
  if (decision) setRateLimitHeaders(headers, decision);
  if (!headers.has("cache-control")) headers.set("cache-control", "no-store");
  if (hsts) headers.set("strict-transport-security", hsts);
}

function ipNotAllowedResponse(ip: string | null): Response {
  return problemResponse(
    403,
    `This API key cannot be used from ${ip ? `the IP address ${ip}` : "an unknown IP address"}: it is outside the key's allowed IPs. Add the address to the key's allowlist (allowed_ips) or use the key from an allowed address.`,
  );
}

function rateLimited(): Response {
  return problemResponse(429, "Too many requests. Wait for the time in Retry-After, then retry.");
}

/** Maps what a handler throws to problem+json; anything unexpected is a bare 500 that reveals nothing. */
async function errorResponse(err: unknown, ip: string | null): Promise<Response> {
  if (err instanceof ApiError) {
    // Already named as in the request (API schemas, headers, unknown fields as sent): not renamed.
    return problemResponse(err.status, err.detail, { fieldErrors: err.fieldErrors });
  }
  if (isServiceError(err)) {
    if (err.code === "unauthorized") await penalizeFailedAuth(ip);
    return problemResponse(STATUS_FOR_CODE[err.code], err.message, { fieldErrors: snakeCaseFieldErrors(err.fieldErrors) });
  }
  if (isDatabaseUnavailable(err)) {
    logger.warn(errorFields(err), "API request refused: database unavailable");
    return problemResponse(503, "The service is briefly unavailable. Retry after the time in Retry-After (a POST with the same Idempotency-Key).", {
      headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    });
  }
  logger.error(errorFields(err), "API handler failed");
  return problemResponse(500, "Something went wrong on our side. Nothing was changed.");
}

/** Reads the body of POST/PATCH/PUT once, and hands the handler a request whose body can be read again. */
async function prepareBody(request: Request): Promise<{ request: Request; body: unknown }> {
  if (!BODY_METHODS.has(request.method)) return { request, body: undefined };
  const { text, value } = await readJsonBody(request);
  const replayable = new Request(request.url, { method: request.method, headers: request.headers, body: text || null });
  return { request: replayable, body: value };
}

function idempotent(
  scope: { merchantId: string; keyId: string },
  request: Request,
  body: unknown,
  work: () => Promise<Response>,
): Promise<Response> {
  const key = request.method === "POST" ? idempotencyKeyFrom(request.headers) : null;
  if (!key) return work();
  return runIdempotent({ ...scope, key, method: request.method, path: new URL(request.url).pathname, body }, work);
}

type RouteHandler<P> = (request: Request, route: { params: Promise<P> }) => Promise<Response>;

/** The client's IP and the rate-limit decision its response reports (a key's own limit may tighten it). */
type Gate = { ip: ReturnType<typeof clientIp>; decision: RateLimitDecision };

/**
 * What both kinds of route share: the client IP's rate limit first; then the
 * route; service errors as problem+json; the RateLimit-* headers (and
 * Strict-Transport-Security over HTTPS) on every answer.
 */
function ipLimited<P>(serve: (request: Request, route: { params: Promise<P> }, gate: Gate) => Promise<Response>): RouteHandler<P> {
  return async (request, route) => {
    const ip = clientIp(request.headers);
    const hsts = strictTransportSecurity(request.headers);
    let gate: Gate | null = null;
    try {
      const decision = await limitIp(ip);
      if (!decision.allowed) return withHeaders(rateLimited(), decision, hsts);
      const open: Gate = { ip, decision };
      gate = open;
      const response = await serve(request, route, open);
      return withHeaders(response, open.decision, hsts);
    } catch (err) {
      return withHeaders(await errorResponse(err, ip), gate?.decision ?? null, hsts);
    }
  };
}

/**
 * Every key-authenticated /api/v1 handler goes through this. In order: the
 * client IP's rate limit; the key itself (never trusting middleware; a
 * failure costs the IP extra) and its IP allowlist; the key's own rate limit; publishable keys
 * refused; the scope; the body (size, content type, JSON); Idempotency-Key
 * on POST. Service errors become problem+json, and every response carries
 * the RateLimit-* headers (and Strict-Transport-Security over HTTPS: the
 * pages get it from proxy.ts, which skips the API to keep it cheap).
 */
export function apiRoute<P = Record<string, never>>(
  options: ApiRouteOptions,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
) {
  const scope = scopeCheck(options.scope);
  return ipLimited<P>(async (request, route, gate) => {
    const { ip } = gate;
    const verified = await verifyApiKey(presentedKey(request.headers), {
      ip,
      userAgent: request.headers.get("user-agent"),
    });
    // The key is real, so its holder may learn why: a 403, unlike the uniform 401.
    if (!verified.ok && verified.reason === "ip_not_allowed") return ipNotAllowedResponse(verified.ip);
    if (!verified.ok) {
      await penalizeFailedAuth(ip);
      return unauthorizedResponse();
    }
    const actor = verified.actor;
    noteRequestActor({ keyId: actor.keyId });
    const keyDecision = await limitKey(actor.keyId);
    gate.decision = tighter(keyDecision, gate.decision);
    if (!keyDecision.allowed) return rateLimited();
    if (actor.keyType === "publishable" && !options.allowPublishable) {
      return problemResponse(403, "Publishable keys cannot call this endpoint; use a secret or restricted key.");
    }
    if (!scope.holds(actor)) return problemResponse(403, `This key lacks the ${scope.label} permission.`);
    const prepared = await prepareBody(request);
    const params = await route.params;
    return idempotent({ merchantId: actor.merchantId, keyId: actor.keyId }, prepared.request, prepared.body, () =>
      handler({ actor, request: prepared.request, params, body: prepared.body, ip }),
    );
  });
}

/**
 * For /api/v1 endpoints that take no API key (the OpenAPI document, refresh
 * tokens): the IP's rate limit, body checks, problem+json and the headers.
 * A handler that throws an "unauthorized" ServiceError is charged as a failed
 * authentication. Handlers that want Idempotency-Key support call
 * `idempotentFor(merchantId, ...)` once they know the merchant.
 */
export function publicApiRoute<P = Record<string, never>>(
  handler: (ctx: PublicApiContext<P> & { idempotentFor: (merchantId: string, work: () => Promise<Response>) => Promise<Response> }) => Promise<Response>,
  options: { readBody?: boolean } = {},
) {
  return ipLimited<P>(async (request, route, { ip }) => {
    const prepared = options.readBody === false ? { request, body: undefined } : await prepareBody(request);
    const params = await route.params;
    return handler({
      request: prepared.request,
      params,
      body: prepared.body,
      ip,
      idempotentFor: (merchantId, work) => idempotent({ merchantId, keyId: "" }, prepared.request, prepared.body, work),
    });
  });
}
