import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "@/lib/http/security-headers";

/**
 * Sets the pages' security headers; nothing else. It is not an auth check:
 * every page, action and route authenticates for itself. A fresh nonce per
 * request goes into the Content-Security-Policy, which Next.js reads from the
 * request headers to put the nonce on its own scripts; the root layout reads
 * the headers too, so every page renders per request.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce);
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", csp);
  const hsts = strictTransportSecurity(request.headers);
  if (hsts) response.headers.set("strict-transport-security", hsts);
  return response;
}

export const config = {
  matcher: [
    {
      // Not the API (its responses get their headers in lib/http, cheaply, on
      // the hot path), not static files, and not prefetches (no HTML to protect).
      source: "/((?!api/|_next/static|_next/image|favicon.ico|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt|woff2?)$).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
