import type { FieldErrors, ServiceErrorCode } from "@/lib/errors";

/** RFC 9457 problem details. Never put a secret, hash or stack trace in one. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: { field: string; messages: string[] }[];
  [extension: string]: unknown;
};

const TYPE_BASE = "https://keyward.dev/problems/";

export const PROBLEM_TITLES: Record<number, [slug: string, title: string]> = {
  400: ["malformed-request", "Malformed request"],
  401: ["unauthorized", "Unauthorized"],
  403: ["forbidden", "Forbidden"],
  404: ["not-found", "Not found"],
  405: ["method-not-allowed", "Method not allowed"],
  409: ["conflict", "Conflict"],
  410: ["gone", "Gone"],
  413: ["payload-too-large", "Payload too large"],
  415: ["unsupported-media-type", "Unsupported media type"],
  422: ["validation-failed", "Validation failed"],
  429: ["rate-limited", "Too many requests"],
  500: ["internal", "Internal server error"],
  503: ["unavailable", "Service unavailable"],
};

const MAX_FIELD_ERRORS = 200;
const MAX_FIELD_NAME = 300;

/** The problem object itself, for servers that write it without a Response (the gateway). */
export function problemBody(status: number, detail: string, init: { fieldErrors?: FieldErrors; extra?: Record<string, unknown> } = {}): Problem {
  const [slug, title] = PROBLEM_TITLES[status] ?? ["error", "Error"];
  const body: Problem = { type: TYPE_BASE + slug, title, status, detail, ...init.extra };
  if (init.fieldErrors) {
    // Field names can come from the client (unknown fields): keep the list and
    // each name within the bounds the OpenAPI document promises.
    body.errors = Object.entries(init.fieldErrors)
      .slice(0, MAX_FIELD_ERRORS)
      .map(([field, messages]) => ({ field: field.slice(0, MAX_FIELD_NAME), messages: messages.slice(0, 20) }));
  }
  return body;
}

export function problemResponse(
  status: number,
  detail: string,
  init: { headers?: HeadersInit; fieldErrors?: FieldErrors; extra?: Record<string, unknown> } = {},
): Response {
  const body = problemBody(status, detail, init);
  const headers = new Headers(init.headers);
  headers.set("content-type", "application/problem+json");
  headers.set("cache-control", "no-store");
  return new Response(JSON.stringify(body), { status, headers });
}

/**
 * The one 401 for every failed key authentication (missing, malformed,
 * unknown, expired, revoked): byte-identical, so it tells a caller nothing.
 */
export const UNAUTHORIZED_DETAIL = "A valid API key is required.";

export function unauthorizedResponse(headers?: HeadersInit): Response {
  const h = new Headers(headers);
  h.set("www-authenticate", 'Bearer realm="keyward"');
  return problemResponse(401, UNAUTHORIZED_DETAIL, { headers: h });
}

export const STATUS_FOR_CODE: Record<ServiceErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
  gone: 410,
  rate_limited: 429,
  step_up_required: 403,
};

/** An HTTP-level failure raised before or around a service call (bad body, content type, size). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** API fields are snake_case; services name them in camelCase. */
export function snakeCaseFieldErrors(fieldErrors: FieldErrors | undefined): FieldErrors | undefined {
  if (!fieldErrors) return undefined;
  // A Map: field names may be anything a client sent ("constructor", "__proto__").
  const out = new Map<string, string[]>();
  for (const [field, messages] of Object.entries(fieldErrors)) {
    const key = field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    out.set(key, [...(out.get(key) ?? []), ...messages]);
  }
  return Object.fromEntries(out);
}
