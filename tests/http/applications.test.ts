import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";

/**
 * The applications REST API against the production server: real HTTP, the
 * server's own database (fixtures are created through the services in the
 * same database file).
 */

const baseUrl = inject("baseUrl");
const alnum = (n: number) => randomBytes(n * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, n);
const stripeKey = (env: "test" | "live", last4 = alnum(4)) => `sk_${env}_${alnum(28)}${last4}`;

type Keys = { testSecret: string; liveSecret: string; readOnly: string; noAppScope: string; otherMerchant: string };
let keys: Keys;
// Response bodies are checked by assertions rather than by types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
/** Every plaintext provider key sent, to check no response ever echoes one. */
const sentSecrets: string[] = [];
const responses: string[] = [];

async function api(method: string, path: string, key: string | null, body?: unknown, headers: Record<string, string> = {}) {
  if (typeof body === "object" && body && "apiKey" in body) sentSecrets.push(String((body as { apiKey: unknown }).apiKey));
  if (typeof body === "object" && body && "api_key" in body) sentSecrets.push(String((body as { api_key: unknown }).api_key));
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  responses.push(text);
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Json) : null };
}

function fieldsOf(body: Json | null): Record<string, string[]> {
  return Object.fromEntries(((body?.errors ?? []) as { field: string; messages: string[] }[]).map((e) => [e.field, e.messages]));
}

beforeAll(async () => {
  Object.assign(process.env, inject("serverEnv"));
  const { makeMerchant } = await import("../support/fixtures");
  const { createApiKey } = await import("@/lib/api-keys/service");
  const acme = await makeMerchant("HTTP applications A");
  const other = await makeMerchant("HTTP applications B");
  const make = async (actor: typeof acme.actors.owner, input: Omit<CreateApiKeyInput, "name"> & { name?: string }) =>
    (await createApiKey(actor, { name: "http test", ...input }, "response")).secret;
  keys = {
    testSecret: await make(acme.actors.owner, { type: "secret", environment: "test" }),
    liveSecret: await make(acme.actors.owner, { type: "secret", environment: "live" }),
    readOnly: await make(acme.actors.owner, { type: "restricted", environment: "test", permissions: ["applications:read"] }),
    noAppScope: await make(acme.actors.owner, { type: "restricted", environment: "test", permissions: ["api_keys:read"] }),
    otherMerchant: await make(other.actors.owner, { type: "secret", environment: "test" }),
  };
});

async function createApp(key = keys.testSecret, body: Record<string, unknown> = {}) {
  const res = await api("POST", "/api/v1/applications", key, { name: `App ${alnum(6)}`, environment: "test", ...body });
  expect(res.status).toBe(201);
  return res.body!;
}

describe("POST /api/v1/applications", () => {
  it("creates an application and answers 201 with its location", async () => {
    const res = await api("POST", "/api/v1/applications", keys.testSecret, { name: "Web checkout", description: "Store", environment: "test" });
    expect(res.status).toBe(201);
    expect(res.headers.get("location")).toBe(`/api/v1/applications/${res.body!.id}`);
    expect(res.body).toMatchObject({ object: "application", name: "Web checkout", description: "Store", environment: "test", providers: [] });
    expect(res.body!.id).toMatch(/^app_[0-9A-Za-z]{20}$/);
    expect(Number.isInteger(res.body!.created_at)).toBe(true);
    expect(res.headers.get("ratelimit-limit")).toBeTruthy();
  });

  it("refuses invalid bodies with 422 and the fields at fault", async () => {
    let res = await api("POST", "/api/v1/applications", keys.testSecret, { name: "", environment: "staging" });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(Object.keys(fieldsOf(res.body))).toEqual(expect.arrayContaining(["name", "environment"]));
    res = await api("POST", "/api/v1/applications", keys.testSecret, { name: "X", environment: "test", colour: "red" });
    expect(res.status).toBe(422);
    res = await api("POST", "/api/v1/applications", keys.testSecret, "{not json");
    expect(res.status).toBe(400);
  });

  it("refuses a test key creating a live application, a read-only key, and no key", async () => {
    let res = await api("POST", "/api/v1/applications", keys.testSecret, { name: "Live one", environment: "live" });
    expect(res.status).toBe(403);
    expect(res.body!.detail).toBe("A test API key cannot manage live applications");
    res = await api("POST", "/api/v1/applications", keys.readOnly, { name: "Nope", environment: "test" });
    expect(res.status).toBe(403);
    res = await api("GET", "/api/v1/applications", keys.noAppScope);
    expect(res.status).toBe(403);
    res = await api("GET", "/api/v1/applications", null);
    expect(res.status).toBe(401);
  });

  it("replays a POST with the same Idempotency-Key instead of creating twice", async () => {
    const headers = { "idempotency-key": `apps-${alnum(12)}` };
    const body = { name: `Idempotent ${alnum(4)}`, environment: "test" };
    const first = await api("POST", "/api/v1/applications", keys.testSecret, body, headers);
    const second = await api("POST", "/api/v1/applications", keys.testSecret, body, headers);
    expect(second.status).toBe(201);
    expect(second.body!.id).toBe(first.body!.id);
  });
});

describe("GET /api/v1/applications", () => {
  it("lists the key's environment only, newest first, with cursor pagination", async () => {
    const a = await createApp();
    const b = await createApp();
    const live = await createApp(keys.liveSecret, { environment: "live" });
    const page = await api("GET", "/api/v1/applications?limit=1", keys.testSecret);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ object: "list", has_more: true });
    expect(page.body!.data).toHaveLength(1);
    const all = await api("GET", "/api/v1/applications?limit=100", keys.readOnly);
    const ids = all.body!.data.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids).not.toContain(live.id);
    expect(all.body!.data.every((x: { environment: string }) => x.environment === "test")).toBe(true);
    const next = await api("GET", `/api/v1/applications?limit=1&starting_after=${page.body!.next_cursor}`, keys.testSecret);
    expect(next.body!.data[0].id).not.toBe(page.body!.data[0].id);
    const liveList = await api("GET", "/api/v1/applications", keys.liveSecret);
    expect(liveList.body!.data.map((x: { id: string }) => x.id)).toContain(live.id);
  });

  it("shows another merchant none of them, and refuses bad query parameters", async () => {
    const mine = await createApp();
    const theirs = await api("GET", "/api/v1/applications?limit=100", keys.otherMerchant);
    expect(theirs.status).toBe(200);
    expect(theirs.body!.data.map((x: { id: string }) => x.id)).not.toContain(mine.id);
    expect((await api("GET", "/api/v1/applications?limit=0", keys.testSecret)).status).toBe(422);
    expect((await api("GET", "/api/v1/applications?sort=name", keys.testSecret)).status).toBe(422);
  });
});

describe("GET, PATCH, DELETE /api/v1/applications/{id}", () => {
  it("retrieves and renames; another merchant's id, the other environment and malformed ids are 404", async () => {
    const app = await createApp();
    expect((await api("GET", `/api/v1/applications/${app.id}`, keys.readOnly)).body).toMatchObject({ id: app.id, name: app.name });
    const renamed = await api("PATCH", `/api/v1/applications/${app.id}`, keys.testSecret, { name: "Renamed", description: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Renamed", description: null });
    for (const [method, body] of [["GET"], ["PATCH", { name: "Stolen" }], ["DELETE"]] as const) {
      const res = await api(method, `/api/v1/applications/${app.id}`, keys.otherMerchant, body);
      expect(res.status, `${method} by another merchant`).toBe(404);
    }
    expect((await api("GET", `/api/v1/applications/${app.id}`, keys.liveSecret)).status).toBe(404);
    expect((await api("GET", "/api/v1/applications/app_nope", keys.testSecret)).status).toBe(404);
    expect((await api("GET", `/api/v1/applications/${app.id}`, keys.testSecret)).body!.name).toBe("Renamed");
  });

  it("refuses an environment change and an empty name with 422", async () => {
    const app = await createApp();
    let res = await api("PATCH", `/api/v1/applications/${app.id}`, keys.testSecret, { environment: "live" });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain("environment cannot be changed");
    res = await api("PATCH", `/api/v1/applications/${app.id}`, keys.testSecret, { name: "  " });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body).name).toEqual(["Name is required"]);
    res = await api("PATCH", `/api/v1/applications/${app.id}`, keys.readOnly, { name: "Read only" });
    expect(res.status).toBe(403);
  });

  it("deletes an application with its credentials", async () => {
    const app = await createApp();
    expect((await api("PUT", `/api/v1/applications/${app.id}/providers/stripe`, keys.testSecret, { api_key: stripeKey("test") })).status).toBe(201);
    const res = await api("DELETE", `/api/v1/applications/${app.id}`, keys.testSecret);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: app.id, object: "application", deleted: true, removed_providers: ["stripe"] });
    expect((await api("GET", `/api/v1/applications/${app.id}`, keys.testSecret)).status).toBe(404);
    expect((await api("GET", `/api/v1/applications/${app.id}/providers`, keys.testSecret)).status).toBe(404);
    expect((await api("DELETE", `/api/v1/applications/${app.id}`, keys.testSecret)).status).toBe(404);
  });
});

describe("provider credentials", () => {
  it("adds with PUT, lists masked, rotates with PATCH {apiKey}, and never returns the key", async () => {
    const app = await createApp();
    const first = stripeKey("test", "4242");
    const added = await api("PUT", `/api/v1/applications/${app.id}/providers/stripe`, keys.testSecret, { api_key: first });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({ object: "provider_credential", provider: "stripe", mask: "sk_test_…4242", rotated_at: null, application: app.id });
    expect(added.body!.set_by).toContain("API key");

    const list = await api("GET", `/api/v1/applications/${app.id}/providers`, keys.readOnly);
    expect(list.status).toBe(200);
    expect(list.body!.data).toHaveLength(1);
    expect(list.body!.data[0]).toMatchObject({ provider: "stripe", mask: "sk_test_…4242" });

    const rotated = await api("PATCH", `/api/v1/applications/${app.id}/providers/stripe/api-key`, keys.testSecret, {
      apiKey: stripeKey("test", "9999"),
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({ mask: "sk_test_…9999" });
    expect(Number.isInteger(rotated.body!.rotated_at)).toBe(true);
    const snake = await api("PATCH", `/api/v1/applications/${app.id}/providers/stripe/api-key`, keys.testSecret, {
      api_key: stripeKey("test", "7777"),
    });
    expect(snake.body).toMatchObject({ mask: "sk_test_…7777" });
    const one = await api("GET", `/api/v1/applications/${app.id}/providers/stripe`, keys.testSecret);
    expect(one.body).toMatchObject({ mask: "sk_test_…7777" });
    const withApp = await api("GET", `/api/v1/applications/${app.id}`, keys.testSecret);
    expect(withApp.body!.providers).toMatchObject([{ provider: "stripe", mask: "sk_test_…7777" }]);
  });

  it("replaces a configuration with a second PUT, public fields in snake_case", async () => {
    const app = await createApp();
    const path = `/api/v1/applications/${app.id}/providers/adyen`;
    expect((await api("PUT", path, keys.testSecret, { api_key: `AQE${alnum(50)}`, merchant_account: "AcmeOne" })).status).toBe(201);
    const second = await api("PUT", path, keys.testSecret, { api_key: `AQE${alnum(50)}`, merchant_account: "AcmeTwo" });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ public_fields: { merchant_account: "AcmeTwo" } });
    expect(second.body!.rotated_at).not.toBeNull();
  });

  it("validates keys per provider and environment with clear messages", async () => {
    const app = await createApp();
    const path = `/api/v1/applications/${app.id}/providers`;
    let res = await api("PUT", `${path}/stripe`, keys.testSecret, { api_key: stripeKey("live") });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body).api_key?.[0]).toContain("This is a Stripe live key, but this is a test application");
    res = await api("PUT", `${path}/stripe`, keys.testSecret, { api_key: "hello" });
    expect(fieldsOf(res.body).api_key?.[0]).toContain("starts with sk_test_");
    res = await api("PUT", `${path}/adyen`, keys.testSecret, { api_key: `AQE${alnum(50)}` });
    expect(fieldsOf(res.body).merchant_account).toEqual(["Merchant account is required"]);
    res = await api("PUT", `${path}/stripe`, keys.testSecret, { api_key: stripeKey("test"), merchant_account: "x" });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body)).toContain("Not a Stripe field: merchant_account");
    res = await api("PUT", `${path}/stripe`, keys.testSecret, {});
    expect(fieldsOf(res.body).api_key).toEqual(["api_key is required"]);
    res = await api("PUT", `${path}/mollie`, keys.testSecret, { api_key: "x" });
    expect(res.status).toBe(404);
    expect((await api("GET", path, keys.testSecret)).body!.data).toEqual([]);
  });

  it("a live application refuses a Stripe test key", async () => {
    const app = await createApp(keys.liveSecret, { environment: "live" });
    const path = `/api/v1/applications/${app.id}/providers/stripe`;
    let res = await api("PUT", path, keys.liveSecret, { api_key: stripeKey("test") });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body).api_key?.[0]).toBe("This is a Stripe test key, but this is a live application: use a sk_live_… key");
    expect((await api("PUT", path, keys.liveSecret, { api_key: stripeKey("live", "1111") })).status).toBe(201);
    res = await api("PATCH", `${path}/api-key`, keys.liveSecret, { apiKey: stripeKey("test") });
    expect(res.status).toBe(422);
    expect(fieldsOf(res.body).api_key?.[0]).toContain("but this is a live application");
    expect((await api("GET", path, keys.liveSecret)).body!.mask).toBe("sk_live_…1111");
  });

  it("rotation needs an existing configuration, a key, and the write scope", async () => {
    const app = await createApp();
    const path = `/api/v1/applications/${app.id}/providers/stripe`;
    let res = await api("PATCH", `${path}/api-key`, keys.testSecret, { apiKey: stripeKey("test") });
    expect(res.status).toBe(404);
    await api("PUT", path, keys.testSecret, { api_key: stripeKey("test") });
    res = await api("PATCH", `${path}/api-key`, keys.testSecret, {});
    expect(res.status).toBe(422);
    res = await api("PATCH", `${path}/api-key`, keys.testSecret, { apiKey: stripeKey("test"), api_key: stripeKey("test") });
    expect(res.status).toBe(422);
    res = await api("PATCH", `${path}/api-key`, keys.testSecret, { apiKey: 42 });
    expect(res.status).toBe(422);
    res = await api("PATCH", `${path}/api-key`, keys.readOnly, { apiKey: stripeKey("test") });
    expect(res.status).toBe(403);
  });

  it("another merchant's application is 404 on every provider route", async () => {
    const app = await createApp();
    const path = `/api/v1/applications/${app.id}/providers`;
    await api("PUT", `${path}/stripe`, keys.testSecret, { api_key: stripeKey("test", "5555") });
    const attempts: [string, string, unknown?][] = [
      ["GET", path],
      ["GET", `${path}/stripe`],
      ["PUT", `${path}/stripe`, { api_key: stripeKey("test") }],
      ["PATCH", `${path}/stripe/api-key`, { apiKey: stripeKey("test") }],
      ["DELETE", `${path}/stripe`],
    ];
    for (const [method, p, body] of attempts) {
      expect((await api(method, p, keys.otherMerchant, body)).status, `${method} ${p}`).toBe(404);
    }
    expect((await api("GET", `${path}/stripe`, keys.testSecret)).body!.mask).toBe("sk_test_…5555");
  });

  it("removes a configuration", async () => {
    const app = await createApp();
    const path = `/api/v1/applications/${app.id}/providers/checkout`;
    await api("PUT", path, keys.testSecret, { api_key: `sk_sbox_${alnum(30)}` });
    const res = await api("DELETE", path, keys.testSecret);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ provider: "checkout", deleted: true });
    expect((await api("DELETE", path, keys.testSecret)).status).toBe(404);
    expect((await api("GET", path, keys.testSecret)).status).toBe(404);
  });

  it("never echoed a provider key in any response", () => {
    expect(sentSecrets.length).toBeGreaterThan(10);
    const all = responses.join("\n");
    // Well-formed keys only: the short invalid ones ("hello", 42) prove nothing here.
    for (const secret of sentSecrets.filter((s) => s.length >= 30)) expect(all).not.toContain(secret.slice(0, -4));
  });
});

describe("OpenAPI", () => {
  it("documents every applications route", async () => {
    const res = await api("GET", "/api/v1/openapi.json", null);
    expect(res.status).toBe(200);
    const paths = res.body!.paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths["/api/v1/applications"]!)).toEqual(expect.arrayContaining(["get", "post"]));
    expect(Object.keys(paths["/api/v1/applications/{applicationId}"]!)).toEqual(expect.arrayContaining(["get", "patch", "delete"]));
    expect(Object.keys(paths["/api/v1/applications/{applicationId}/providers"]!)).toContain("get");
    expect(Object.keys(paths["/api/v1/applications/{applicationId}/providers/{providerName}"]!)).toEqual(
      expect.arrayContaining(["get", "put", "delete"]),
    );
    expect(Object.keys(paths["/api/v1/applications/{applicationId}/providers/{providerName}/api-key"]!)).toEqual(["patch"]);
  });
});
