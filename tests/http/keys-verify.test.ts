/**
 * POST /api/v1/keys/verify over real HTTP, as the production server answers
 * it (ahead of Next.js, from the build's gateway bundle): the verifier token,
 * the verdicts, the headers every API answer carries, and a revocation
 * through the API refused on the very next verification.
 */
import { beforeAll, describe, expect, inject, it } from "vitest";
import { verifyKeyInvalidSchema, verifyKeyValidSchema } from "@/lib/validations/api/keys-verify";
import { call, isProblem, merchantWithKeys } from "./api-support";

const verifier = { authorization: `Bearer ${inject("verifierToken")}` };
let m: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  m = await merchantWithKeys("HTTP verify");
});

const verify = (body: unknown, headers: Record<string, string> = verifier) => call("POST", "/api/v1/keys/verify", { body, headers });

describe("POST /api/v1/keys/verify", () => {
  it("refuses callers without a verifier token with the same 401, API keys included", async () => {
    const answers = [
      await verify({ key: m.secret.secret }, {}),
      await verify({ key: m.secret.secret }, { authorization: `Bearer ${m.secret.secret}` }),
      await verify({ key: m.secret.secret }, { authorization: `Bearer kwv_${"A".repeat(43)}` }),
    ];
    for (const res of answers) {
      expect(isProblem(res, 401), res.text).toBe(true);
      expect(res.text).toBe(answers[0]!.text);
    }
  });

  it("describes a valid key with the headers of every API answer", async () => {
    const res = await verify({ key: m.noKeys.secret, permissions: ["charges:write"], ip: "203.0.113.50" });
    expect(res.status).toBe(200);
    const body = verifyKeyValidSchema.parse(res.body);
    expect(body).toMatchObject({ key_id: m.noKeys.id, merchant: m.merchant.id, type: "restricted", permissions: ["charges:write"] });
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("answers a revoked key not_found on the next call, like whoami's 401", async () => {
    const k = await m.make({ name: "Soon revoked", type: "secret", environment: "test" });
    expect((await verify({ key: k.secret })).body).toMatchObject({ valid: true });
    const revoked = await call("DELETE", `/api/v1/api-keys/${k.id}`, { key: m.secret.secret });
    expect(revoked.status, revoked.text).toBe(200);
    expect(verifyKeyInvalidSchema.parse((await verify({ key: k.secret })).body)).toEqual({ valid: false, code: "not_found" });
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(401);
  });

  it("refuses malformed bodies with problem details", async () => {
    expect(isProblem(await call("POST", "/api/v1/keys/verify", { raw: "{", headers: { ...verifier, "content-type": "application/json" } }), 400)).toBe(true);
    expect(isProblem(await call("POST", "/api/v1/keys/verify", { raw: "key=x", headers: { ...verifier, "content-type": "text/plain" } }), 415)).toBe(true);
    expect(isProblem(await verify({ key: "x".repeat(9000) }), 413)).toBe(true);
    expect(isProblem(await verify({ key: m.secret.secret, extra: true }), 422)).toBe(true);
  });
});
