/**
 * The one key verification (lib/api-keys/authenticate.ts) and the gateway's
 * POST /api/v1/keys/verify built on it (lib/gateway/verify.ts), against the
 * real database: every refusal takes effect on the very next call, whatever
 * changed the key, and the gateway answers exactly as the API reference says.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { setClock } from "@/lib/clock";
import { createApiKey, revokeApiKey, rollApiKey } from "@/lib/api-keys/service";
import { verifyApiKey } from "@/lib/api-keys/authenticate";
import { flushKeyUsage } from "@/lib/api-keys/usage";
import { mintVerifierToken, verifierFor } from "@/lib/gateway/verifier-tokens";
import { verifyForGateway, type GatewayRequest } from "@/lib/gateway/verify";
import { verifyKeyInvalidSchema, verifyKeyValidSchema } from "@/lib/validations/api/keys-verify";
import type { VerifyKeyResult as ClientResult } from "@/lib/client/verifier";
import type { VerifyKeyResult as ApiResult } from "@/lib/validations/api/keys-verify";
import { makeMerchant } from "../support/fixtures";

// The typed client stands alone (it can be copied into a gateway's codebase): its types must match the API's.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const clientMatchesApi: Same<ClientResult, ApiResult> = true;
void clientMatchesApi;

const ctx = { ip: "198.51.100.4" };
let token: string;

beforeAll(() => {
  const minted = mintVerifierToken("payments-gateway");
  const other = mintVerifierToken("other-gateway");
  process.env.KEYWARD_VERIFIER_TOKENS = `${other.entry},${minted.entry}`;
  token = minted.token;
});

afterEach(() => {
  setClock(null);
  delete process.env.KEYWARD_RATE_LIMIT_PER_KEY;
});

async function ownerKey(input: Record<string, unknown> = {}) {
  const { actors } = await makeMerchant();
  const created = await createApiKey(actors.owner, { name: "Server", type: "secret", environment: "test", ...input }, "response");
  return { owner: actors.owner, id: created.key.id, secret: created.secret };
}

const valid = async (secret: string) => (await verifyApiKey(secret, ctx)).ok;

describe("verifying a key", () => {
  it("refuses a disabled key like an unknown one, and accepts it again once enabled", async () => {
    const k = await ownerKey();
    expect(await valid(k.secret)).toBe(true);
    // Written straight to the row, as any operation on keys would: verification reads it on every call.
    await db.apiKey.update({ where: { id: k.id }, data: { disabledAt: new Date() } });
    expect(await verifyApiKey(k.secret, ctx)).toEqual({ ok: false, reason: "invalid" });
    await db.apiKey.update({ where: { id: k.id }, data: { disabledAt: null } });
    expect(await valid(k.secret)).toBe(true);
  });

  it("refuses a key on the call right after its revocation", async () => {
    const k = await ownerKey();
    expect(await valid(k.secret)).toBe(true);
    await revokeApiKey(k.owner, k.id);
    expect(await valid(k.secret)).toBe(false);
  });

  it("checks expiry against the clock on every call", async () => {
    const t0 = Date.now() + 86_400_000;
    setClock(() => new Date(t0));
    const k = await ownerKey({ expiresAt: new Date(t0 + 3_600_000).toISOString() });
    expect(await valid(k.secret)).toBe(true);
    setClock(() => new Date(t0 + 3_600_000));
    expect(await valid(k.secret)).toBe(false);
    setClock(() => new Date(t0 + 3_599_000));
    expect(await valid(k.secret)).toBe(true);
  });

  it("refuses a rolled key once its grace period ends, and an expiry set to now at once", async () => {
    const t0 = Date.now() + 86_400_000;
    setClock(() => new Date(t0));
    const k = await ownerKey();
    const rolled = await rollApiKey(k.owner, k.id, { expirePreviousIn: 60 }, "response");
    expect(await valid(k.secret)).toBe(true);
    setClock(() => new Date(t0 + 60_000));
    expect(await valid(k.secret)).toBe(false);
    expect(await valid(rolled.secret)).toBe(true);
    await db.apiKey.update({ where: { id: rolled.key.id }, data: { expiresAt: new Date(t0 + 60_000) } });
    expect(await valid(rolled.secret)).toBe(false);
  });
});

function gateway(body: unknown, overrides: Partial<GatewayRequest> = {}) {
  return verifyForGateway({
    authorization: `Bearer ${token}`,
    contentType: "application/json",
    body: JSON.stringify(body),
    peerIp: "10.9.8.7",
    ...overrides,
  });
}

describe("gateway verification", () => {
  it("admits only configured verifier tokens, compared whole", async () => {
    expect(verifierFor(token)).toBe("payments-gateway");
    expect(verifierFor(`${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`)).toBeNull();
    expect(verifierFor(null)).toBeNull();
    const k = await ownerKey();
    for (const authorization of [null, "Bearer", `Bearer ${k.secret}`, `Basic ${token}`, `Bearer kwv_${"x".repeat(43)}`]) {
      const res = await gateway({ key: k.secret }, { authorization });
      expect(res.status, String(authorization)).toBe(401);
      expect("problem" in res && res.problem.status).toBe(401);
    }
  });

  it("describes a valid key, and records the use with the end client's IP like a direct call", async () => {
    const k = await ownerKey({ type: "restricted", permissions: ["charges:write", "refunds:read"] });
    const res = await gateway({ key: k.secret, permissions: ["charges:write", "charges:read"], ip: "203.0.113.7" });
    expect(res.status).toBe(200);
    const body = verifyKeyValidSchema.parse("json" in res ? res.json : null);
    expect(body).toMatchObject({ valid: true, code: "valid", key_id: k.id, type: "restricted", environment: "test", expires_at: null });
    expect(body.permissions).toEqual(["charges:write", "refunds:read"]);
    expect(body.rate_limit.remaining).toBe(body.rate_limit.limit - 1);
    await flushKeyUsage();
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: k.id }, include: { usage: true, seenIps: true } });
    expect(row.lastUsedIp).toBe("203.0.113.7");
    expect(row.usage.reduce((n, u) => n + u.count, 0)).toBe(1);
    expect(row.seenIps.map((s) => s.ip)).toEqual(["203.0.113.7"]);
  });

  it("answers not_found alike for unknown, malformed, revoked, disabled and expired keys", async () => {
    const revoked = await ownerKey();
    await revokeApiKey(revoked.owner, revoked.id);
    const disabled = await ownerKey();
    await db.apiKey.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const expired = await ownerKey();
    await db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    for (const key of [`sk_test_${"0".repeat(46)}`, "not a key", revoked.secret, disabled.secret, expired.secret]) {
      expect(await gateway({ key })).toMatchObject({ status: 200, json: { valid: false, code: "not_found" } });
    }
  });

  it("answers forbidden_ip, insufficient_permissions and rate_limited", async () => {
    const fenced = await ownerKey({ allowedIps: ["192.0.2.0/24"] });
    expect(await gateway({ key: fenced.secret, ip: "198.51.100.1" })).toMatchObject({ status: 200, json: { valid: false, code: "forbidden_ip" } });
    expect(await gateway({ key: fenced.secret })).toMatchObject({ status: 200, json: { valid: false, code: "forbidden_ip" } });
    expect((await gateway({ key: fenced.secret, ip: "192.0.2.9" })).status).toBe(200);

    const narrow = await ownerKey({ type: "restricted", permissions: ["charges:read"] });
    const refused = await gateway({ key: narrow.secret, permissions: ["charges:read", "charges:write"] });
    expect("json" in refused && verifyKeyInvalidSchema.parse(refused.json).code).toBe("insufficient_permissions");

    process.env.KEYWARD_RATE_LIMIT_PER_KEY = "2";
    const busy = await ownerKey();
    expect(await gateway({ key: busy.secret })).toMatchObject({ json: { valid: true } });
    expect(await gateway({ key: busy.secret })).toMatchObject({ json: { valid: true } });
    expect(await gateway({ key: busy.secret })).toMatchObject({ status: 200, json: { valid: false, code: "rate_limited" } });
  });

  it("guards each verifier token with its own rate limit, and charges wrong tokens to the caller's IP", async () => {
    process.env.KEYWARD_RATE_LIMIT_PER_VERIFIER = "3";
    const k = await ownerKey();
    const answers = [await gateway({ key: k.secret }), await gateway({ key: "nope" }), await gateway({}, { body: "{" })];
    expect(answers.map((a) => [a.status, a.limit?.remaining])).toEqual([
      [200, 2],
      [200, 1],
      [400, 0],
    ]);
    expect(await gateway({ key: k.secret })).toMatchObject({ status: 429, limit: { allowed: false } });
    delete process.env.KEYWARD_RATE_LIMIT_PER_VERIFIER;
    const wrong = await gateway({ key: k.secret }, { authorization: "Bearer nope", peerIp: "10.77.0.1" });
    expect(wrong).toMatchObject({ status: 401, limit: { allowed: true } });
    expect(wrong.limit!.remaining).toBe(wrong.limit!.limit - 1);
    expect((await gateway({ key: k.secret }, { authorization: "Bearer nope", peerIp: "10.77.0.1" })).limit!.remaining).toBe(wrong.limit!.limit - 11);
  });

  it("refuses malformed requests with problem details", async () => {
    const k = await ownerKey();
    expect((await gateway({ key: k.secret }, { contentType: "text/plain" })).status).toBe(415);
    expect((await gateway({}, { body: "{" })).status).toBe(400);
    expect((await gateway({ key: k.secret }, { body: null })).status).toBe(413);
    const unknown = await gateway({ key: k.secret, merchant: "mer_x" });
    expect(unknown.status).toBe(422);
    expect("problem" in unknown && unknown.problem.errors?.map((e) => e.field)).toEqual(["merchant"]);
    expect((await gateway({ key: k.secret, ip: "not-an-ip" })).status).toBe(422);
    expect((await gateway({ key: k.secret, permissions: ["charges"] })).status).toBe(422);
  });
});
