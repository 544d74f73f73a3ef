import { beforeAll, describe, expect, it } from "vitest";
import { notificationList, notificationObject } from "@/lib/validations/api/notifications";
import { newId } from "@/lib/ids";
import { call, fieldsOf, isProblem, merchantWithKeys, server } from "./api-support";

/** The dashboard's suggestions and alerts over the API, and their dismissal, against the production server. */

let acme: Awaited<ReturnType<typeof merchantWithKeys>>;
let globex: Awaited<ReturnType<typeof merchantWithKeys>>;
const DAY = 86_400_000;

beforeAll(async () => {
  acme = await merchantWithKeys("HTTP notifications Acme");
  globex = await merchantWithKeys("HTTP notifications Globex");
});

async function expiring(environment: "test" | "live", name: string, days = 3) {
  const expiresAt = new Date(Date.now() + days * DAY);
  const created = await acme.make({ name, type: "secret", environment, expiresAt });
  return { ...created, expiresAt };
}

async function list(key: string) {
  const res = await call("GET", "/api/v1/notifications", { key });
  expect(res.status, res.text).toBe(200);
  return notificationList.parse(res.body).data;
}

describe("GET /api/v1/notifications", () => {
  it("lists the key environment's suggestions, and nothing of another environment or merchant", async () => {
    const soon = await expiring("test", "Expires soon");
    const live = await expiring("live", "Live expires soon");
    const mine = await list(acme.readOnly.secret);
    const note = mine.find((n) => n.api_key.id === soon.id);
    expect(note).toMatchObject({
      object: "notification",
      type: "api_key.expiring",
      severity: "warning",
      environment: "test",
      api_key: { id: soon.id, name: "Expires soon" },
      expires_at: Math.floor(soon.expiresAt.getTime() / 1000),
      dismissed_at: null,
    });
    expect(note!.title).toMatch(/“Expires soon” expires in/);
    expect(mine.some((n) => n.api_key.id === live.id)).toBe(false);

    const liveList = await list(acme.live.secret);
    expect(liveList.map((n) => n.api_key.id)).toContain(live.id);
    expect(liveList.map((n) => n.api_key.id)).not.toContain(soon.id);
    const other = await call("GET", "/api/v1/notifications", { key: globex.secret.secret });
    expect(other.text).not.toContain(soon.id);
    expect(other.text).not.toContain(live.id);
  });

  it("lists a new-IP alert the dashboard shows", async () => {
    const { db } = await server();
    // As the usage recorder raises it: an audit event on the key (the HTTP server sees one client address only).
    const key = await acme.make({ name: "Roaming", type: "secret", environment: "test" });
    await db.auditEvent.create({
      data: {
        id: newId("evt"),
        merchantId: acme.merchant.id,
        actorType: "system",
        actorId: "system",
        actorLabel: "Keyward",
        action: "api_key.used_from_new_ip",
        targetType: "api_key",
        targetId: key.id,
        changes: JSON.stringify({ ip: "198.51.100.23" }),
        environment: "test",
      },
    });
    const alert = (await list(acme.secret.secret)).find((n) => n.api_key.id === key.id);
    expect(alert).toMatchObject({ type: "api_key.used_from_new_ip", severity: "alert", ip: "198.51.100.23" });
  });

  it("needs api_keys:read and refuses unknown parameters", async () => {
    expect((await call("GET", "/api/v1/notifications", { key: acme.noKeys.secret })).status).toBe(403);
    expect((await call("GET", "/api/v1/notifications", { key: acme.publishable.secret })).status).toBe(403);
    expect((await call("GET", "/api/v1/notifications")).status).toBe(401);
    const unknown = await call("GET", "/api/v1/notifications?environment=live", { key: acme.secret.secret });
    expect(isProblem(unknown, 422)).toBe(true);
    expect(fieldsOf(unknown)).toEqual(["environment"]);
  });
});

describe("POST /api/v1/notifications/{id}/dismiss", () => {
  it("hides the notification for the merchant (audited), idempotently; a new occurrence shows again", async () => {
    const soon = await expiring("test", "To dismiss", 4);
    const id = (await list(acme.secret.secret)).find((n) => n.api_key.id === soon.id)!.id;

    const res = await call("POST", `/api/v1/notifications/${id}/dismiss`, { key: acme.secret.secret });
    expect(res.status, res.text).toBe(200);
    const dismissed = notificationObject.parse(res.body);
    expect(dismissed).toMatchObject({ id, api_key: { id: soon.id } });
    expect(dismissed.dismissed_at).not.toBeNull();
    expect((await list(acme.readOnly.secret)).map((n) => n.id)).not.toContain(id);

    const again = await call("POST", `/api/v1/notifications/${id}/dismiss`, { key: acme.secret.secret, body: {} });
    expect(again.status).toBe(200);
    expect(again.body.dismissed_at).toBe(dismissed.dismissed_at);
    const audit = await call("GET", `/api/v1/audit-events?target=${id}`, { key: acme.secret.secret });
    expect((audit.body.data as { action: string }[]).map((e) => e.action)).toEqual(["notification.dismissed"]);

    // A new expiry is a new occurrence.
    const moved = await call("PATCH", `/api/v1/api-keys/${soon.id}`, {
      key: acme.secret.secret,
      body: { expires_at: Math.floor((Date.now() + 5 * DAY) / 1000) },
    });
    expect(moved.status).toBe(200);
    const renewed = (await list(acme.secret.secret)).find((n) => n.api_key.id === soon.id);
    expect(renewed).toBeDefined();
    expect(renewed!.id).not.toBe(id);
  });

  it("finds no notification of another merchant or environment; needs api_keys:write; refuses a body", async () => {
    const soon = await expiring("test", "Guarded", 2);
    const id = (await list(acme.secret.secret)).find((n) => n.api_key.id === soon.id)!.id;
    for (const [key, status] of [
      [globex.secret.secret, 404],
      [acme.live.secret, 404],
      [acme.readOnly.secret, 403],
      [acme.noKeys.secret, 403],
      [null, 401],
    ] as const) {
      expect((await call("POST", `/api/v1/notifications/${id}/dismiss`, { key })).status, String(key)).toBe(status);
    }
    expect((await call("POST", "/api/v1/notifications/ntf_notAnId/dismiss", { key: acme.secret.secret })).status).toBe(404);
    expect((await call("POST", `/api/v1/notifications/ntf_${"x".repeat(20)}/dismiss`, { key: acme.secret.secret })).status).toBe(404);
    const body = await call("POST", `/api/v1/notifications/${id}/dismiss`, { key: acme.secret.secret, body: { all: true } });
    expect(isProblem(body, 422)).toBe(true);
    // Nothing above dismissed it.
    expect((await list(acme.secret.secret)).map((n) => n.id)).toContain(id);
    // A restricted key holding api_keys:write may.
    const writer = await acme.make({ name: "Dismisser", type: "restricted", environment: "test", permissions: ["api_keys:write"] });
    expect((await call("POST", `/api/v1/notifications/${id}/dismiss`, { key: writer.secret })).status).toBe(200);
  });
});
