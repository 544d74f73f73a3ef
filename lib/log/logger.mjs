// Structured logs: one JSON object a line (pino), pretty only in development.
// Plain JavaScript so that the Node server in front of Next.js (scripts/serve.mjs)
// and the app share one logger and one request context per process.
import { AsyncLocalStorage } from "node:async_hooks";
import { createRequire } from "node:module";
import pino from "pino";

/**
 * Field paths whose values never reach a log line: credentials in headers,
 * cookies, and anything named like a secret.
 */
export const REDACTED_PATHS = [
  "authorization",
  "cookie",
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  'headers["api-key"]',
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'req.headers["api-key"]',
  'res.headers["set-cookie"]',
  "password",
  "secret",
  "token",
  "apiKey",
  "*.password",
  "*.secret",
  "*.secretKey",
  "*.privateKey",
  "*.clientSecret",
  "*.apiKey",
  "*.token",
  "*.refreshToken",
  "*.refresh_token",
  "*.authorization",
  "*.cookie",
];

/**
 * Values shaped like a secret are masked wherever they appear in a line (a
 * message, an error text, a URL): Keyward secret and restricted keys and
 * refresh tokens (lib/api-keys/format.ts), payment providers' secret keys
 * (Stripe and Checkout.com sk_/rk_, Stripe webhook secrets, Adyen API keys)
 * and bearer credentials. Publishable keys are public and stay readable.
 */
export const SECRET_PATTERNS = [
  /\b(?:sk|rk)_(?:test_|live_|sbox_)?[0-9A-Za-z_-]{16,}/g,
  /\brt_(?:test|live)_[0-9A-Za-z]{16,}/g,
  /\bwhsec_[0-9A-Za-z+/=_-]{16,}/g,
  /\bAQE[A-Za-z0-9+/=_.-]{29,}/g,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

/** Masks every secret-shaped value in a serialized line. */
export function maskSecrets(line) {
  let out = line;
  for (const pattern of SECRET_PATTERNS) {
    out = out.replace(pattern, (match, scheme) => (typeof scheme === "string" ? `${scheme} [Redacted]` : "[Redacted]"));
  }
  return out;
}

const g = globalThis;

/** The request being served: its id and, once known, who makes it. Shared by every module copy in the process. */
export const requestContext = (g.keywardRequestContext ??= new AsyncLocalStorage());

/** Runs `fn` as part of a request: every line logged within carries its id. */
export function runWithRequest(context, fn) {
  return requestContext.run(context, fn);
}

/** Notes who makes the current request (an API key's id or a user's id) for its access line. */
export function noteRequestActor(actor) {
  const store = requestContext.getStore();
  if (!store) return;
  if (actor.keyId) store.keyId = actor.keyId;
  if (actor.userId) store.userId = actor.userId;
}

/**
 * Notes that the current request found the database unreachable, for code
 * further along that only sees the consequence (a sign-in check that came
 * back empty because it failed).
 */
export function noteDatabaseUnavailable() {
  const store = requestContext.getStore();
  if (store) store.databaseUnavailable = true;
}

export function databaseWasUnavailable() {
  return requestContext.getStore()?.databaseUnavailable === true;
}

/** The current request's id, if any. */
export function currentRequestId() {
  return requestContext.getStore()?.requestId;
}

function prettyStream() {
  try {
    // Development only, and optional: without pino-pretty the lines stay JSON.
    const pretty = createRequire(import.meta.url)("pino-pretty");
    return pretty({ colorize: true, translateTime: "HH:MM:ss.l", ignore: "pid,hostname", sync: true });
  } catch {
    return undefined;
  }
}

/** Builds a logger writing to `destination` (stdout by default); tests pass their own. */
export function createLogger(options = {}) {
  const env = options.env ?? process.env;
  const format = (env.KEYWARD_LOG_FORMAT ?? (env.NODE_ENV === "development" ? "pretty" : "json")).trim().toLowerCase();
  const destination = options.destination ?? (format === "pretty" ? prettyStream() : undefined) ?? pino.destination({ sync: true });
  return pino(
    {
      level: env.LOG_LEVEL?.trim() || "info",
      base: { service: "keyward" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[Redacted]" },
      mixin() {
        const store = requestContext.getStore();
        return store ? { req_id: store.requestId } : {};
      },
      hooks: { streamWrite: maskSecrets },
    },
    destination,
  );
}

/** The process's logger. */
export const logger = (g.keywardLogger ??= createLogger());

/**
 * What may be logged of an error: its class name and, for database and
 * network errors, their code. Messages can quote data (a query parameter, a
 * header), so they stay out unless a caller knows them to be safe.
 */
export function errorFields(err) {
  if (!(err instanceof Error)) return { error: "unknown error" };
  const code = /** @type {{ code?: unknown }} */ (err).code;
  return typeof code === "string" || typeof code === "number" ? { error: err.name, code: String(code) } : { error: err.name };
}
