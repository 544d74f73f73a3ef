import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/v1/leaked-keys/route";
import { createApiKey } from "@/lib/api-keys/service";
import { authenticateApiKey } from "@/lib/api-keys/authenticate";
import { SCANNER_SECRETS_ENV } from "@/lib/leaked-keys/scanner-secrets";
import { signatureHeader } from "@/lib/leaked-keys/signature";
import { logger } from "@/lib/log/logger.mjs";
import { makeMerchant } from "../support/fixtures";

/**
 * The route's policy when no scanner secret is configured: it refuses every
 * report (503), signed or not, so an install that never set one up is not an
 * open revocation endpoint. (The HTTP tests cover the configured server.)
 */

const saved = process.env[SCANNER_SECRETS_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[SCANNER_SECRETS_ENV];
  else process.env[SCANNER_SECRETS_ENV] = saved;
  vi.restoreAllMocks();
});

const secret = randomBytes(32);

async function post(token: string, key = secret): Promise<Response> {
  const raw = JSON.stringify([{ token, type: "keyward_secret_key", url: "https://github.com/a/b", source: "content" }]);
  const request = new Request("http://keyward.test/api/v1/leaked-keys", {
    method: "POST",
    headers: { "content-type": "application/json", "keyward-signature": signatureHeader(key, raw) },
    body: raw,
  });
  return POST(request, { params: Promise.resolve({}) });
}

async function liveKey() {
  const { actors } = await makeMerchant("Route policy");
  return (await createApiKey(actors.owner, { name: "k", type: "secret", environment: "live" }, "response")).secret;
}

describe("POST /api/v1/leaked-keys without a scanner secret", () => {
  it("refuses every report with 503 and revokes nothing", async () => {
    const key = await liveKey();
    for (const value of [undefined, "", "  "]) {
      if (value === undefined) delete process.env[SCANNER_SECRETS_ENV];
      else process.env[SCANNER_SECRETS_ENV] = value;
      const res = await post(key);
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ status: 503, title: "Service unavailable" });
      expect(text).not.toContain(key);
    }
    expect(await authenticateApiKey(key, { ip: null })).not.toBeNull();
  });

  it("treats a malformed KEYWARD_SCANNER_SECRETS as none, and says why in the server log", async () => {
    const logged = vi.spyOn(logger, "error").mockImplementation(() => {});
    process.env[SCANNER_SECRETS_ENV] = `github:${randomBytes(8).toString("base64")}`;
    const key = await liveKey();
    expect((await post(key)).status).toBe(503);
    expect(JSON.stringify(logged.mock.calls[0])).toContain(SCANNER_SECRETS_ENV);
    expect(await authenticateApiKey(key, { ip: null })).not.toBeNull();
  });

  it("once configured, the same signed report revokes the key", async () => {
    process.env[SCANNER_SECRETS_ENV] = `github:${secret.toString("base64")}`;
    const key = await liveKey();
    const res = await post(key);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { label: string }[])[0]!.label).toBe("true_positive");
    expect(await authenticateApiKey(key, { ip: null })).toBeNull();
  });
});
