/**
 * Where to send a user after signing in: only a path on this site. "//host",
 * "/\host" (browsers read a backslash as a slash) and anything with a scheme
 * would leave it, so they fall back to the default.
 */
export function safeRedirectPath(next: unknown, fallback = "/keys"): string {
  if (typeof next !== "string" || next.length > 2000) return fallback;
  if (!next.startsWith("/") || next.startsWith("//") || next.includes("\\")) return fallback;
  // Control characters (tabs, newlines) are stripped by URL parsers and could join "/" and "/host".
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}
