import { describe, expect, it } from "vitest";
import { baseUrl, call } from "./api-support";

/** Pages carry a nonce-based Content-Security-Policy; API responses their own cheap headers. */

async function page(path: string) {
  const res = await fetch(`${baseUrl}${path}`, { redirect: "manual" });
  return { status: res.status, headers: res.headers, html: await res.text() };
}

describe("security headers", () => {
  it("gives every page a strict policy with a fresh nonce that the page's scripts carry", async () => {
    const first = await page("/login");
    const second = await page("/login");
    expect(first.status).toBe(200);
    const csp = first.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
    expect(csp).toMatch(/frame-ancestors 'none'/);
    expect(csp).toMatch(/object-src 'none'/);
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(second.headers.get("content-security-policy")).not.toBe(csp);
    // Every script of the page carries this response's nonce.
    const scripts = [...first.html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag, tag).toContain(`nonce="${nonce}"`);
    expect(first.headers.get("x-content-type-options")).toBe("nosniff");
    expect(first.headers.get("x-frame-options")).toBe("DENY");
    expect(first.headers.get("referrer-policy")).toBeTruthy();
    // Plain HTTP without a trusted proxy saying otherwise: no HSTS.
    expect(first.headers.get("strict-transport-security")).toBeNull();
  });

  it("renders the public pages per request (the nonce changes), the API reference included", async () => {
    for (const path of ["/docs/api", "/login"]) {
      const a = await page(path);
      const b = await page(path);
      expect(a.status, path).toBe(200);
      const nonceA = /nonce="([^"]+)"/.exec(a.html)?.[1];
      const nonceB = /nonce="([^"]+)"/.exec(b.html)?.[1];
      expect(nonceA, path).toBeTruthy();
      expect(nonceA, path).not.toBe(nonceB);
    }
  });

  it("gives API responses nosniff and a no-content policy, without the pages' proxy", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    const unauthorized = await call("GET", "/api/v1/api-keys");
    expect(unauthorized.status).toBe(401);
    expect(unauthorized.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
