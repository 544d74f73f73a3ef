/**
 * Security headers that depend on the request: the pages' Content-Security-
 * Policy with its per-request nonce (set by proxy.ts) and
 * Strict-Transport-Security (set by proxy.ts for pages and by lib/http for
 * /api/v1), and the static ones every response carries.
 */

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The pages' policy. Scripts run only with this response's nonce (Next.js
 * puts it on its own scripts) or when loaded by such a script
 * ('strict-dynamic'), so an injected <script> or event handler does not run.
 * Styles allow inline: React style attributes, and the libraries that inject
 * <style> elements (recharts, sonner, the Scalar API reference) carry no
 * nonce; a nonce in style-src would make browsers ignore 'unsafe-inline'.
 * Inline styles cannot run code. Images allow data: and blob: (chart and
 * QR code renderings, Scalar's icons). Nothing is loaded from other origins:
 * fonts and the API reference are bundled. In development, React's dev build
 * needs eval for its debugging tools.
 */
export function contentSecurityPolicy(nonce: string, development = process.env.NODE_ENV === "development"): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Read access to request headers: a Fetch Headers, or an adapter over Node's. */
export type HeaderReader = { get(name: string): string | null };

/** Sent on every response (next.config.ts for Next.js, lib/gateway for what the server answers itself). */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/** For API responses: they are JSON, never a document to render or frame. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const HSTS = "max-age=63072000; includeSubDomains";

function trustsProxy(): boolean {
  const trust = process.env.TRUST_PROXY?.trim();
  return Boolean(trust) && trust !== "false" && trust !== "0";
}

/**
 * Strict-Transport-Security, when this instance is reached over HTTPS: it
 * says so (KEYWARD_HTTPS=true), or it trusts its proxy (TRUST_PROXY) and the
 * proxy says the client used https. Over plain HTTP the header would be
 * ignored by browsers, and sending it on a local install is a trap for a
 * later HTTP-only setup on the same host name.
 */
export function strictTransportSecurity(headers: HeaderReader): string | null {
  if (process.env.KEYWARD_HTTPS?.trim().toLowerCase() === "true") return HSTS;
  if (!trustsProxy()) return null;
  // The nearest proxy's word: the last value if a chain of proxies appended theirs.
  const proto = (headers.get("x-forwarded-proto") ?? "").split(",").at(-1)?.trim().toLowerCase();
  return proto === "https" ? HSTS : null;
}
