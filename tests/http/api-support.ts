/**
 * Shared helpers for the key-management HTTP tests: a small client for the
 * running server, and fixtures created through the services in the server's
 * own database (never through shortcuts the API does not take).
 */
import { expect, inject } from "vitest";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";

export const baseUrl = inject("baseUrl");

// Response bodies are checked field by field (or parsed with the API's zod schemas) in the tests.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ApiResponse = { status: number; headers: Headers; text: string; body: any };

type CallOptions = {
  key?: string | null;
  body?: unknown;
  /** A body sent as is (e.g. malformed JSON). */
  raw?: string | Uint8Array;
  headers?: Record<string, string>;
  base?: string;
};

export async function call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
  const headers: Record<string, string> = { ...(options.key ? { authorization: `Bearer ${options.key}` } : {}) };
  let body: string | Uint8Array | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.body);
  }
  Object.assign(headers, options.headers);
  const res = await fetch(`${options.base ?? baseUrl}${path}`, { method, headers, body: body as BodyInit | undefined });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  return { status: res.status, headers: res.headers, text, body: parsed };
}

/** The fields named in a validation problem. */
export function fieldsOf(res: ApiResponse): string[] {
  return ((res.body?.errors ?? []) as { field: string }[]).map((e) => e.field).sort();
}

/** Asserts nothing of what a problem must not carry. */
export function isProblem(res: ApiResponse, status: number): boolean {
  return (
    res.status === status &&
    (res.headers.get("content-type") ?? "").startsWith("application/problem+json") &&
    res.body?.status === status &&
    typeof res.body?.type === "string" &&
    typeof res.body?.title === "string" &&
    typeof res.body?.detail === "string" &&
    !/at .*\.(js|ts):\d+/.test(res.text) &&
    !/(sk|rk)_(test|live)_[0-9A-Za-z]{46}/.test(res.text)
  );
}

let ready: Promise<Awaited<ReturnType<typeof load>>> | null = null;

async function load() {
  Object.assign(process.env, inject("serverEnv"));
  const [{ makeMerchant }, service, { db }] = await Promise.all([
    import("../support/fixtures"),
    import("@/lib/api-keys/service"),
    import("@/lib/db"),
  ]);
  return { makeMerchant, service, db };
}

/** The services and database of the running server (imported after its environment is in place). */
export function server() {
  ready ??= load();
  return ready;
}

/** A fresh merchant with a secret test key, a secret live key and a few restricted ones. */
export async function merchantWithKeys(name: string) {
  const { makeMerchant, service } = await server();
  const m = await makeMerchant(name);
  const make = async (input: Omit<CreateApiKeyInput, "name"> & { name?: string }) => {
    const created = await service.createApiKey(m.actors.owner, { name: "fixture", ...input }, "response");
    return { id: created.key.id, secret: created.secret };
  };
  return {
    merchant: m.merchant,
    actors: m.actors,
    make,
    secret: await make({ name: "CI secret", type: "secret", environment: "test" }),
    live: await make({ name: "Live secret", type: "secret", environment: "live" }),
    readOnly: await make({ name: "Read only", type: "restricted", environment: "test", permissions: ["api_keys:read"] }),
    publishable: await make({ name: "Browser", type: "publishable", environment: "test" }),
    noKeys: await make({ name: "Charges only", type: "restricted", environment: "test", permissions: ["charges:write"] }),
  };
}

export type MerchantWithKeys = Awaited<ReturnType<typeof merchantWithKeys>>;

/** The served OpenAPI document and a fresh merchant with keys to try it with. */
export async function openApiAndMerchant<D>(merchantName: string): Promise<{ doc: D; m: MerchantWithKeys }> {
  const res = await call("GET", "/api/v1/openapi.json");
  expect(res.status).toBe(200);
  return { doc: res.body as D, m: await merchantWithKeys(merchantName) };
}
