import { afterEach, describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce, strictTransportSecurity } from "./security-headers";

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe("contentSecurityPolicy", () => {
  it("allows scripts only by this response's nonce and forbids framing, plugins and foreign bases and forms", () => {
    const csp = contentSecurityPolicy("abc123==", false);
    const directives = Object.fromEntries(csp.split("; ").map((d) => [d.split(" ")[0], d]));
    expect(directives["script-src"]).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directives["script-src"]).not.toMatch(/unsafe/);
    expect(directives["style-src"]).not.toMatch(/nonce/);
    expect(directives["frame-ancestors"]).toBe("frame-ancestors 'none'");
    expect(directives["object-src"]).toBe("object-src 'none'");
    expect(directives["base-uri"]).toBe("base-uri 'self'");
    expect(directives["form-action"]).toBe("form-action 'self'");
    expect(csp).not.toMatch(/https?:/);
  });

  it("lets React's development build evaluate code in development only", () => {
    expect(contentSecurityPolicy("n", true)).toMatch(/'unsafe-eval'/);
    expect(contentSecurityPolicy("n", false)).not.toMatch(/'unsafe-eval'/);
  });
});

describe("newNonce", () => {
  it("is fresh each time and 128 bits", () => {
    const a = newNonce();
    expect(a).not.toBe(newNonce());
    expect(Buffer.from(a, "base64")).toHaveLength(16);
  });
});

describe("strictTransportSecurity", () => {
  const https = new Headers({ "x-forwarded-proto": "https" });

  it("is sent when the instance says it is reached over HTTPS", () => {
    delete process.env.TRUST_PROXY;
    process.env.KEYWARD_HTTPS = "true";
    expect(strictTransportSecurity(new Headers())).toMatch(/^max-age=\d+/);
  });

  it("believes X-Forwarded-Proto only from a trusted proxy", () => {
    delete process.env.KEYWARD_HTTPS;
    delete process.env.TRUST_PROXY;
    expect(strictTransportSecurity(https)).toBeNull();
    process.env.TRUST_PROXY = "1";
    expect(strictTransportSecurity(https)).toMatch(/^max-age=/);
    expect(strictTransportSecurity(new Headers({ "x-forwarded-proto": "http" }))).toBeNull();
    expect(strictTransportSecurity(new Headers({ "x-forwarded-proto": "https, http" }))).toBeNull();
    process.env.TRUST_PROXY = "false";
    expect(strictTransportSecurity(https)).toBeNull();
  });

  it("is not sent over plain HTTP", () => {
    delete process.env.KEYWARD_HTTPS;
    delete process.env.TRUST_PROXY;
    expect(strictTransportSecurity(new Headers())).toBeNull();
  });
});
