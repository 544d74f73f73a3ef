import { compileErrors, validate } from "@readme/openapi-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { call, openApiAndMerchant, type MerchantWithKeys } from "./api-support";

/** The OpenAPI document: valid, generated from the validating schemas, and true to what the routes answer. */

type Operation = {
  operationId: string;
  security?: unknown[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, unknown>; headers?: Record<string, unknown> }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let doc: Doc;
let m: MerchantWithKeys;

beforeAll(async () => {
  ({ doc, m } = await openApiAndMerchant<Doc>("HTTP openapi"));
});

const METHODS = ["get", "post", "patch", "put", "delete"];

function operations() {
  const out: { method: string; path: string; op: Operation }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) if (item[method]) out.push({ method: method.toUpperCase(), path, op: item[method]! });
  }
  return out;
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toMatch(/^3\.1\./);
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? "" : compileErrors(result)).toBe("");
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it("documents every key-management route with problem responses and curl examples", () => {
    const documented = operations().map((o) => `${o.method} ${o.path}`);
    for (const route of [
      "POST /api/v1/api-keys",
      "GET /api/v1/api-keys",
      "GET /api/v1/api-keys/{id}",
      "PATCH /api/v1/api-keys/{id}",
      "POST /api/v1/api-keys/{id}/regenerate",
      "DELETE /api/v1/api-keys/{id}",
      "POST /api/v1/api-keys/refresh",
      "GET /api/v1/audit-events",
    ]) {
      expect(documented).toContain(route);
    }
    for (const { path, op } of operations().filter((o) => o.path.startsWith("/api/v1/api-keys"))) {
      expect(op.responses["429"]?.content).toHaveProperty(["application/problem+json"]);
      expect(op.responses["422"] ?? op.responses["404"] ?? op.responses["401"]).toBeDefined();
      expect((op as unknown as { "x-codeSamples": { source: string }[] })["x-codeSamples"][0]!.source).toMatch(/^curl /);
      expect(path).toBeTruthy();
    }
    const create = doc.paths["/api/v1/api-keys"]!.post!;
    expect(create.parameters?.map((p) => p.name)).toContain("Idempotency-Key");
    // Generated from the same strict zod schema that validates the request.
    const body = create.requestBody!.content["application/json"] as { schema: { additionalProperties: boolean; required: string[] } };
    expect(body.schema.additionalProperties).toBe(false);
    expect(body.schema.required.sort()).toEqual(["environment", "name", "type"]);
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(["ApiKey", "CreatedApiKey", "Problem", "ApiKeyList"]));
  });

  it("carries the rate-limit headers", async () => {
    const res = await call("GET", "/api/v1/openapi.json");
    expect(Number(res.headers.get("ratelimit-limit"))).toBeGreaterThan(0);
  });
});

describe("every documented route answers as documented", () => {
  /** A request each operation accepts, with what it should answer. */
  async function sampleRequest(operationId: string): Promise<{ path: string; body?: unknown; expect: number } | null> {
    const k = await m.make({ name: `sample ${operationId}`, type: "secret", environment: "test" });
    switch (operationId) {
      case "createApiKey":
        return { path: "/api/v1/api-keys", body: { name: "Doc sample", type: "secret", environment: "test" }, expect: 201 };
      case "listApiKeys":
        return { path: "/api/v1/api-keys?limit=2", expect: 200 };
      case "getApiKey":
        return { path: `/api/v1/api-keys/${k.id}`, expect: 200 };
      case "updateApiKey":
        return { path: `/api/v1/api-keys/${k.id}`, body: { name: "Renamed" }, expect: 200 };
      case "revokeApiKey":
        return { path: `/api/v1/api-keys/${k.id}`, expect: 200 };
      case "regenerateApiKey":
        return { path: `/api/v1/api-keys/${k.id}/regenerate`, body: { expire_previous_in: 0 }, expect: 200 };
      case "refreshApiKey": {
        const created = await call("POST", "/api/v1/api-keys", {
          key: m.secret.secret,
          body: { name: "Doc refresh", type: "secret", environment: "test", refreshable: true },
        });
        return { path: "/api/v1/api-keys/refresh", body: { token: created.body.refresh_token }, expect: 200 };
      }
      case "listAuditEvents":
        return { path: "/api/v1/audit-events?limit=5", expect: 200 };
      case "whoami":
        return { path: "/api/v1/whoami", expect: 200 };
      case "openapi":
        return { path: "/api/v1/openapi.json", expect: 200 };
      default:
        return null;
    }
  }

  it("answers each operation with a documented status and content type", async () => {
    const checked: string[] = [];
    for (const { method, path, op } of operations()) {
      const sample = await sampleRequest(op.operationId);
      const needsKey = (op.security ?? [{}]).length > 0;
      if (sample) {
        const res = await call(method, sample.path, { key: needsKey ? m.secret.secret : null, body: sample.body });
        expect(res.status, `${method} ${path}`).toBe(sample.expect);
        const documented = op.responses[String(res.status)];
        expect(documented, `${method} ${path} documents ${res.status}`).toBeDefined();
        expect(Object.keys(documented!.content ?? {})).toContain((res.headers.get("content-type") ?? "").split(";")[0]);
        for (const header of Object.keys(documented!.headers ?? {})) {
          expect(res.headers.get(header), `${method} ${path} sends ${header}`).not.toBeNull();
        }
        checked.push(op.operationId);
      }
      if (needsKey) {
        // Without a key: the documented 401, as problem+json.
        const concrete = path.replace(/\{[^}]+\}/g, "key_00000000000000000000");
        const res = await call(method, concrete, { body: method === "GET" || method === "DELETE" ? undefined : {} });
        expect(res.status, `${method} ${path} without a key`).toBe(401);
        expect(op.responses["401"], `${method} ${path} documents 401`).toBeDefined();
        expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      }
    }
    expect(checked).toEqual(
      expect.arrayContaining(["createApiKey", "listApiKeys", "getApiKey", "updateApiKey", "revokeApiKey", "regenerateApiKey", "refreshApiKey", "listAuditEvents"]),
    );
  });
});
