import { beforeAll, describe, expect, inject, it } from "vitest";
import { createHash } from "node:crypto";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";
import { leakReportResults } from "@/lib/validations/leaked-keys";
import { signatureHeader } from "@/lib/leaked-keys/signature";
import { call, isProblem, merchantWithKeys, server, type ApiResponse } from "./api-support";

/** Leak reports from secret scanners, signed with the server's scanner secret, over real HTTP. */

const [reporter, secretBase64] = inject("serverEnv").KEYWARD_SCANNER_SECRETS!.split(":") as [string, string];
const scannerKey = Buffer.from(secretBase64, "base64");
const SOURCE = "https://github.com/octocat/hello-world/blob/0b1c2d3/config/production.js";

let m: Awaited<ReturnType<typeof merchantWithKeys>>;
const seenSecrets: string[] = [];

beforeAll(async () => {
  m = await merchantWithKeys("HTTP leaked keys");
});

type Report = { token: string; type?: string; url?: string; source?: string };

function batch(...items: Report[]) {
  return items.map((i) => ({ type: "keyward_secret_key", url: SOURCE, source: "content", ...i }));
}

/** POSTs a raw body with a signature made now (or at `at`), or with the given header. */
async function report(
  body: unknown,
  options: { at?: Date; signature?: string | null; key?: Buffer; contentType?: string } = {},
): Promise<ApiResponse> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const signature = options.signature === undefined ? signatureHeader(options.key ?? scannerKey, raw, options.at ?? new Date()) : options.signature;
  const res = await call("POST", "/api/v1/leaked-keys", {
    raw,
    headers: {
      "content-type": options.contentType ?? "application/json",
      ...(signature === null ? {} : { "keyward-signature": signature }),
    },
  });
  for (const secret of seenSecrets) expect(res.text).not.toContain(secret);
  return res;
}

async function fresh(input: Omit<CreateApiKeyInput, "name">) {
  const k = await m.make({ name: "Leaky", ...input });
  seenSecrets.push(k.secret);
  return k;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

async function leakEvents(keyId: string) {
  const { db } = await server();
  return db.auditEvent.findMany({ where: { targetId: keyId, action: { startsWith: "api_key.leak_" } } });
}

describe("POST /api/v1/leaked-keys", () => {
  it("revokes a live secret key reported with a valid signature; the key then fails whoami with 401", async () => {
    const k = await fresh({ type: "secret", environment: "live" });
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(200);

    const res = await report(batch({ token: k.secret }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(leakReportResults.parse(res.body)).toEqual([
      { token_hash: sha256(k.secret), token_type: "keyward_secret_key", label: "true_positive" },
    ]);
    expect(Object.keys(res.body[0]).sort()).toEqual(["label", "token_hash", "token_type"]);

    const whoami = await call("GET", "/api/v1/whoami", { key: k.secret });
    expect(isProblem(whoami, 401)).toBe(true);
    const listed = await call("GET", `/api/v1/api-keys/${k.id}`, { key: m.live.secret });
    expect(listed.body.status).toBe("revoked");
  });

  it("records the revocation in the merchant's audit log with the URL and reporter, never the token", async () => {
    const k = await fresh({ type: "restricted", environment: "test", permissions: ["api_keys:read"] });
    expect((await report(batch({ token: k.secret, type: "keyward_restricted_key" }))).body[0].label).toBe("true_positive");

    const events = await leakEvents(k.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: "api_key.leak_reported_revoked", actorType: "system", merchantId: m.merchant.id });
    expect(JSON.parse(events[0]!.changes)).toMatchObject({ source_url: SOURCE, reporter, key_prefix: k.secret.slice(0, 12) });

    // The merchant sees it through the API too.
    const res = await call("GET", `/api/v1/audit-events?target=${k.id}&action=api_key.leak_`, { key: m.secret.secret });
    expect(res.status).toBe(200);
    expect(res.body.data).toHaveLength(1);
    expect(res.body.data[0]).toMatchObject({
      action: "api_key.leak_reported_revoked",
      actor: { type: "system" },
      target: { type: "api_key", id: k.id },
      changes: { source_url: SOURCE, reporter, key_prefix: k.secret.slice(0, 12), source: "content" },
    });
    expect(res.text).not.toContain(k.secret);
    expect(res.text).not.toContain(sha256(k.secret));
  });

  it("does not revoke a publishable key, but records the report", async () => {
    const res = await report(batch({ token: m.publishable.secret, type: "keyward_publishable_key" }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      { token_hash: sha256(m.publishable.secret), token_type: "keyward_publishable_key", label: "true_positive" },
    ]);
    expect((await call("GET", "/api/v1/whoami", { key: m.publishable.secret })).status).toBe(200);
    const events = await leakEvents(m.publishable.id);
    expect(events.map((e) => e.action)).toEqual(["api_key.leak_reported"]);
    expect(JSON.parse(events[0]!.changes).source_url).toBe(SOURCE);
  });

  it("labels unknown and malformed tokens false_positive, in the order reported", async () => {
    const { generateKey } = await import("@/lib/api-keys/format");
    const unknown = generateKey("secret", "live");
    const typo = unknown.slice(0, 20) + (unknown[20] === "a" ? "b" : "a") + unknown.slice(21);
    const k = await fresh({ type: "secret", environment: "test" });
    const tokens = [unknown, typo, "sk_live_nope", k.secret];
    const res = await report(batch(...tokens.map((token) => ({ token }))));
    expect(res.status).toBe(200);
    expect(res.body.map((r: { token_hash: string; label: string }) => [r.token_hash, r.label])).toEqual([
      [sha256(unknown), "false_positive"],
      [sha256(typo), "false_positive"],
      [sha256("sk_live_nope"), "false_positive"],
      [sha256(k.secret), "true_positive"],
    ]);
    for (const token of tokens) expect(res.text).not.toContain(token);
  });

  it("is idempotent: reporting the same key again answers the same and changes nothing", async () => {
    const k = await fresh({ type: "secret", environment: "live" });
    const body = batch({ token: k.secret });
    const first = await report(body);
    const second = await report(body);
    const third = await report(batch({ token: k.secret }, { token: k.secret, url: "https://gitlab.com/a/b/-/blob/main/x" }));
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(third.body.map((r: { label: string }) => r.label)).toEqual(["true_positive", "true_positive"]);
    expect(await leakEvents(k.id)).toHaveLength(1);
  });

  it("refuses missing, malformed, wrong and stale signatures with 401 and revokes nothing", async () => {
    const k = await fresh({ type: "secret", environment: "live" });
    const body = JSON.stringify(batch({ token: k.secret }));
    const t = Math.floor(Date.now() / 1000);
    const attempts: [string, ApiResponse][] = [
      ["missing", await report(body, { signature: null })],
      ["malformed", await report(body, { signature: "sha256=abc" })],
      ["unknown secret", await report(body, { key: Buffer.alloc(32, 7) })],
      ["other body", await report(body, { signature: signatureHeader(scannerKey, body.replace("content", "commit")) })],
      ["bad hex", await report(body, { signature: `t=${t},v1=${"0".repeat(64)}` })],
      ["stale", await report(body, { at: new Date(Date.now() - 6 * 60_000) })],
      ["future", await report(body, { at: new Date(Date.now() + 6 * 60_000) })],
    ];
    for (const [what, res] of attempts) {
      expect(isProblem(res, 401), what).toBe(true);
      expect(res.body.detail, what).toMatch(/Keyward-Signature/);
    }
    expect(attempts[5]![1].body.detail).toMatch(/5 minutes/);
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(200);
    expect(await leakEvents(k.id)).toHaveLength(0);
  });

  it("refuses batches over 100 reports (422) and bodies over 64 KiB (413)", async () => {
    const k = await fresh({ type: "secret", environment: "live" });
    const tooMany = await report(Array.from({ length: 101 }, () => batch({ token: k.secret })[0]));
    expect(isProblem(tooMany, 422)).toBe(true);
    const empty = await report([]);
    expect(isProblem(empty, 422)).toBe(true);
    const notArray = await report({ token: k.secret, type: "keyward_secret_key" });
    expect(isProblem(notArray, 422)).toBe(true);
    const badUrl = await report(batch({ token: k.secret, url: "javascript:alert(1)" }));
    expect(isProblem(badUrl, 422)).toBe(true);
    expect(badUrl.body.errors.map((e: { field: string }) => e.field)).toEqual(["0.url"]);
    const huge = await report(batch({ token: k.secret, source: "x".repeat(70 * 1024) }));
    expect(isProblem(huge, 413)).toBe(true);
    const notJson = await report("token=" + k.secret, { contentType: "text/plain" });
    expect(isProblem(notJson, 415)).toBe(true);
    expect((await call("GET", "/api/v1/whoami", { key: k.secret })).status).toBe(200);
  });

  it("verifies the signature over the exact bytes sent, non-ASCII included", async () => {
    const k = await fresh({ type: "secret", environment: "test" });
    const raw = JSON.stringify(batch({ token: k.secret, source: "Schlüssel – ключ – 鍵" }));
    const res = await report(raw);
    expect(res.status).toBe(200);
    expect(res.body[0].label).toBe("true_positive");
    expect(JSON.parse((await leakEvents(k.id))[0]!.changes).source).toBe("Schlüssel – ключ – 鍵");
  });

  it("is documented in the OpenAPI document, signed rather than key-authenticated", async () => {
    const doc = (await call("GET", "/api/v1/openapi.json")).body;
    const op = doc.paths["/api/v1/leaked-keys"].post;
    expect(op.security).toEqual([{ scannerSignature: [] }]);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(["200", "401", "413", "422", "503"]));
    expect(doc.components.securitySchemes.scannerSignature).toMatchObject({ in: "header", name: "Keyward-Signature" });
  });
});
