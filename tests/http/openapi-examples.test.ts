import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { signatureHeader } from "@/lib/leaked-keys/signature";
import { call, openApiAndMerchant, type MerchantWithKeys } from "./api-support";

/**
 * Every request example in the OpenAPI document (the media-type examples the
 * reference shows, and the bodies of the curl samples) works as written:
 * sent to the running server for a fresh merchant, each answers 2xx. Only
 * what stands for the caller's own is filled in: ids in the path, the API
 * key, the verifier token, the refresh token and the scanner's signature.
 */

type Operation = {
  operationId: string;
  security?: Record<string, unknown>[];
  requestBody?: { content: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> };
  "x-codeSamples"?: { source: string }[];
};
type Doc = { paths: Record<string, Record<string, Operation>> };

const [, scannerSecret] = inject("serverEnv").KEYWARD_SCANNER_SECRETS!.split(":") as [string, string];

let doc: Doc;
let m: MerchantWithKeys;

beforeAll(async () => {
  ({ doc, m } = await openApiAndMerchant<Doc>("HTTP openapi examples"));
});

/** The curl sample's URL path and JSON body (from `-d '…'` or `BODY='…'`). */
function curlParts(source: string): { path: string | null; body: unknown } {
  const path = /"\$KEYWARD_URL([^"]+)"/.exec(source)?.[1] ?? null;
  const raw = /(?:-d |BODY=)'(.*)'/.exec(source)?.[1];
  return { path, body: raw === undefined ? undefined : (JSON.parse(raw) as unknown) };
}

async function freshApplication(): Promise<string> {
  const res = await call("POST", "/api/v1/applications", {
    key: m.secret.secret,
    body: { name: `Examples ${randomUUID().slice(0, 8)}`, environment: "test" },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/** The operation's concrete path: the sample's ids replaced by fresh objects of this merchant, prepared as the example needs. */
async function concretePath(operationId: string, path: string): Promise<string> {
  let out = path;
  if (/key_[0-9A-Za-z]{20}/.test(out)) {
    const k = await m.make({ name: `Example ${operationId}`, type: "secret", environment: "test" });
    out = out.replace(/key_[0-9A-Za-z]{20}/, k.id);
    if (operationId === "expireApiKeyNow") {
      // Ending a grace period needs a key rolled with one.
      const rolled = await call("POST", `/api/v1/api-keys/${k.id}/regenerate`, { key: m.secret.secret, body: { expire_previous_in: 3600 } });
      expect(rolled.status, rolled.text).toBe(200);
    }
  }
  if (/app_[0-9A-Za-z]{20}/.test(out)) {
    const app = await freshApplication();
    out = out.replace(/app_[0-9A-Za-z]{20}/, app);
    if (operationId === "rotateApplicationProviderKey") {
      // Rotating needs the provider configured first.
      const provider = /\/providers\/([a-z]+)/.exec(out)![1];
      const configured = await call("PUT", `/api/v1/applications/${app}/providers/${provider}`, {
        key: m.secret.secret,
        body: { api_key: "sk_test_51H8x2mQ9vL4sT8wN1cR6yH3jF5gD0aZeOriginal" },
      });
      expect(configured.status, configured.text).toBe(201);
    }
  }
  if (/we_[0-9A-Za-z]{20}/.test(out)) {
    const endpoint = await call("POST", "/api/v1/webhook-endpoints", {
      key: m.secret.secret,
      body: { url: "https://hooks.example.com/keyward", event_types: ["api_key.created"] },
    });
    expect(endpoint.status, endpoint.text).toBe(201);
    out = out.replace(/we_[0-9A-Za-z]{20}/, endpoint.body.id as string);
  }
  return out;
}

async function freshRefreshToken(): Promise<string> {
  const created = await call("POST", "/api/v1/api-keys", {
    key: m.secret.secret,
    body: { name: "Example refresh", type: "secret", environment: "test", refreshable: true },
  });
  expect(created.status, created.text).toBe(201);
  return created.body.refresh_token as string;
}

async function send(method: string, operationId: string, path: string, op: Operation, example: unknown) {
  let body = example;
  if (operationId === "refreshApiKey") body = { ...(example as object), token: await freshRefreshToken() };
  const raw = JSON.stringify(body);
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (method === "POST") headers["idempotency-key"] = randomUUID();
  const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
  if (schemes.includes("scannerSignature")) headers["keyward-signature"] = signatureHeader(Buffer.from(scannerSecret, "base64"), raw);
  if (schemes.includes("verifierToken")) headers.authorization = `Bearer ${inject("verifierToken")}`;
  const key = schemes.includes("bearerAuth") ? m.secret.secret : null;
  return call(method, await concretePath(operationId, path), { key, raw, headers });
}

describe("the OpenAPI document's request examples", () => {
  it("all work as written (2xx)", async () => {
    const sent: string[] = [];
    for (const [template, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        if (!op.requestBody) continue;
        const curl = (op["x-codeSamples"] ?? []).map((s) => curlParts(s.source));
        const path = curl.find((c) => c.path)?.path ?? template;
        expect(path, `${op.operationId} has a curl sample with a concrete path`).not.toMatch(/[{}]/);
        const examples: [string, unknown][] = [];
        for (const [type, media] of Object.entries(op.requestBody.content)) {
          if (media.example !== undefined) examples.push([`${type} example`, media.example]);
          for (const [name, e] of Object.entries(media.examples ?? {})) examples.push([`${type} examples.${name}`, e.value]);
        }
        curl.forEach((c, i) => c.body !== undefined && examples.push([`curl sample ${i}`, c.body]));
        expect(examples.length, `${op.operationId} shows a request example`).toBeGreaterThan(0);
        for (const [label, example] of examples) {
          const res = await send(method.toUpperCase(), op.operationId, path, op, example);
          expect(res.status, `${op.operationId} ${label}: ${res.status} ${res.text.slice(0, 300)}`).toBeGreaterThanOrEqual(200);
          expect(res.status, `${op.operationId} ${label}: ${res.status} ${res.text.slice(0, 300)}`).toBeLessThan(300);
          sent.push(`${op.operationId} ${label}`);
        }
      }
    }
    expect(sent.length).toBeGreaterThanOrEqual(18);
  });
});
