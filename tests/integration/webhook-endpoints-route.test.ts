/**
 * POST /api/v1/webhook-endpoints refuses bad input with a clear 422 and
 * changes nothing: a non-https URL, an unknown event type, a private or
 * loopback address (the HTTP test server allows private addresses for its
 * receivers, so that refusal is checked here, in-process, with the
 * operator's default).
 */
import { afterEach, describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/webhook-endpoints/route";
import { PATCH } from "@/app/api/v1/webhook-endpoints/[endpointId]/route";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/service";
import { ALLOW_PRIVATE_ENV } from "@/lib/webhooks/address";
import { makeMerchant } from "../support/fixtures";

const saved = process.env[ALLOW_PRIVATE_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[ALLOW_PRIVATE_ENV];
  else process.env[ALLOW_PRIVATE_ENV] = saved;
});

function request(method: string, path: string, key: string, body: unknown) {
  return new Request(`http://keyward.test${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function setup() {
  const { merchant, actors } = await makeMerchant("Webhook input");
  const { secret } = await createApiKey(actors.owner, { name: "Script", type: "secret", environment: "test" }, "response");
  return { merchantId: merchant.id, secret };
}

describe("webhook endpoint input over the REST API", () => {
  it("answers 422 problem+json naming the field, and writes nothing", async () => {
    delete process.env[ALLOW_PRIVATE_ENV];
    const { merchantId, secret } = await setup();
    const cases: [unknown, string, RegExp][] = [
      [{ url: "http://hooks.example.com/x", event_types: ["api_key.created"] }, "url", /must use https/],
      [{ url: "ftp://hooks.example.com/x", event_types: ["api_key.created"] }, "url", /must use https/],
      [{ url: "not a url", event_types: ["api_key.created"] }, "url", /full URL/],
      [{ url: "https://hooks.example.com/x", event_types: ["api_key.exploded"] }, "event_types.0", /Unknown event type: api_key.exploded/],
      [{ url: "https://hooks.example.com/x", event_types: [] }, "event_types", /at least one/],
      [{ url: "https://127.0.0.1/x", event_types: ["api_key.created"] }, "url", /private or loopback/],
      [{ url: "http://localhost:8080/x", event_types: ["api_key.created"] }, "url", /private or loopback/],
      [{ url: "https://192.168.1.20/x", event_types: ["api_key.created"] }, "url", /private or loopback/],
      [{ url: "https://[fd00::1]/x", event_types: ["api_key.created"] }, "url", /private or loopback/],
      [{ url: "https://user:pw@hooks.example.com/x", event_types: ["api_key.created"] }, "url", /user name or password/],
    ];
    for (const [body, field, message] of cases) {
      const res = await POST(request("POST", "/api/v1/webhook-endpoints", secret, body), { params: Promise.resolve({}) });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await res.json()) as { errors: { field: string; messages: string[] }[] };
      const entry = problem.errors.find((e) => e.field === field);
      expect(entry?.messages.join(" "), JSON.stringify(problem)).toMatch(message);
    }
    expect(await db.webhookEndpoint.count({ where: { merchantId } })).toBe(0);
    expect(await db.auditEvent.count({ where: { merchantId, targetType: "webhook_endpoint" } })).toBe(0);
  });

  it("accepts a public https URL, and refuses changing it to a private address", async () => {
    delete process.env[ALLOW_PRIVATE_ENV];
    const { merchantId, secret } = await setup();
    const created = await POST(
      request("POST", "/api/v1/webhook-endpoints", secret, { url: "https://hooks.example.com/x", event_types: ["api_key.created"] }),
      { params: Promise.resolve({}) },
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; secret: string; environment: string };
    expect(body.secret).toMatch(/^whsec_/);
    expect(body.environment).toBe("test");
    // The secret is stored sealed, never as sent.
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: body.id } });
    expect(row.secret).not.toContain(body.secret.slice(6));

    const res = await PATCH(request("PATCH", `/api/v1/webhook-endpoints/${body.id}`, secret, { url: "https://10.1.2.3/x" }), {
      params: Promise.resolve({ endpointId: body.id }),
    });
    expect(res.status).toBe(422);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: body.id } })).url).toBe("https://hooks.example.com/x");
    expect(await db.auditEvent.count({ where: { merchantId, action: "webhook_endpoint.updated" } })).toBe(0);

    // With the operator's permission (development), a local receiver is fine.
    process.env[ALLOW_PRIVATE_ENV] = "true";
    const local = await POST(
      request("POST", "/api/v1/webhook-endpoints", secret, { url: "http://127.0.0.1:4000/hooks", event_types: ["api_key.created"] }),
      { params: Promise.resolve({}) },
    );
    expect(local.status).toBe(201);
  });
});
