import { beforeAll, describe, expect, it } from "vitest";
import { call, isProblem, merchantWithKeys, server } from "./api-support";

/**
 * A key may not make a key hold more than it holds itself: regenerating a
 * secret key or widening its own permissions with only api_keys:write are
 * refused, in both environments, and change nothing.
 */

let acme: Awaited<ReturnType<typeof merchantWithKeys>>;

beforeAll(async () => {
  acme = await merchantWithKeys("HTTP key policy Acme");
});

const ENVIRONMENTS = ["test", "live"] as const;

async function snapshot(keyId: string) {
  const { db } = await server();
  const row = await db.apiKey.findUniqueOrThrow({ where: { id: keyId } });
  return { secretHash: row.secretHash, permissions: row.permissions, replacedById: row.replacedById, expiresAt: row.expiresAt, name: row.name };
}

async function merchantState() {
  const { db } = await server();
  const [keys, events] = await Promise.all([
    db.apiKey.count({ where: { merchantId: acme.merchant.id } }),
    db.auditEvent.count({ where: { merchantId: acme.merchant.id } }),
  ]);
  return { keys, events };
}

describe.each(ENVIRONMENTS)("a restricted %s key holding only api_keys:write", (environment) => {
  let writer: { id: string; secret: string };
  let secretKey: { id: string; secret: string };

  beforeAll(async () => {
    writer = await acme.make({ name: `Key writer ${environment}`, type: "restricted", environment, permissions: ["api_keys:write"] });
    secretKey = environment === "test" ? acme.secret : acme.live;
  });

  it("cannot regenerate a secret key (403); the secret key keeps its secret and nothing is written", async () => {
    const before = await snapshot(secretKey.id);
    const state = await merchantState();
    const res = await call("POST", `/api/v1/api-keys/${secretKey.id}/regenerate`, {
      key: writer.secret,
      body: { expire_previous_in: 0 },
    });
    expect(isProblem(res, 403)).toBe(true);
    expect(res.body.detail).toMatch(/cannot roll secret keys/);
    expect(res.body.secret).toBeUndefined();
    expect(await snapshot(secretKey.id)).toEqual(before);
    expect(await merchantState()).toEqual(state);
    const who = await call("GET", "/api/v1/whoami", { key: secretKey.secret });
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ id: secretKey.id, type: "secret", environment });
  });

  it("cannot widen its own permissions (403); they stay as they were", async () => {
    const before = await snapshot(writer.id);
    const state = await merchantState();
    const res = await call("PATCH", `/api/v1/api-keys/${writer.id}`, {
      key: writer.secret,
      body: { permissions: ["api_keys:write", "applications:write", "audit_events:read"] },
    });
    expect(isProblem(res, 403)).toBe(true);
    expect(res.body.detail).toBe("This API key cannot grant permissions it does not hold: applications:write, audit_events:read");
    expect(await snapshot(writer.id)).toEqual(before);
    expect(await merchantState()).toEqual(state);
    const who = await call("GET", "/api/v1/whoami", { key: writer.secret });
    expect(who.body.permissions).toEqual(["api_keys:write"]);
  });

  it("cannot edit a secret key or a key holding more than it does, even its labels (403)", async () => {
    const wider = await acme.make({ name: `Charges ${environment}`, type: "restricted", environment, permissions: ["charges:read"] });
    const state = await merchantState();
    for (const id of [secretKey.id, wider.id]) {
      const before = await snapshot(id);
      for (const [method, path, body] of [
        ["PATCH", `/api/v1/api-keys/${id}`, { name: "Taken over" }],
        ["PATCH", `/api/v1/api-keys/${id}`, { expires_at: "never" }],
        ["POST", `/api/v1/api-keys/${id}/regenerate`, {}],
      ] as const) {
        const res = await call(method, path, { key: writer.secret, body });
        expect(isProblem(res, 403), `${method} ${path}`).toBe(true);
      }
      expect(await snapshot(id)).toEqual(before);
    }
    expect(await merchantState()).toEqual(state);
  });

  it("cannot create a secret key, nor a publishable one without the browser-safe scopes (403)", async () => {
    const state = await merchantState();
    for (const type of ["secret", "publishable"]) {
      const res = await call("POST", "/api/v1/api-keys", { key: writer.secret, body: { name: "Escalate", type, environment } });
      expect(isProblem(res, 403), type).toBe(true);
    }
    expect(await merchantState()).toEqual(state);
  });
});

describe.each(ENVIRONMENTS)("a restricted %s key managing keys within what it holds", (environment) => {
  it("rolls and edits a restricted key whose permissions it holds, and narrows its own", async () => {
    const manager = await acme.make({
      name: `Key manager ${environment}`,
      type: "restricted",
      environment,
      permissions: ["api_keys:write", "charges:write"],
    });
    const worker = await acme.make({ name: `Worker ${environment}`, type: "restricted", environment, permissions: ["charges:read"] });

    const edited = await call("PATCH", `/api/v1/api-keys/${worker.id}`, {
      key: manager.secret,
      body: { name: "Worker (charges)", permissions: ["charges:write", "api_keys:read"] },
    });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ name: "Worker (charges)", permissions: ["api_keys:read", "charges:write"] });

    const rolled = await call("POST", `/api/v1/api-keys/${worker.id}/regenerate`, { key: manager.secret, body: { expire_previous_in: 0 } });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ rolled_from: worker.id, type: "restricted", permissions: ["api_keys:read", "charges:write"] });
    expect((await call("GET", "/api/v1/whoami", { key: rolled.body.secret })).status).toBe(200);
    expect((await call("GET", "/api/v1/whoami", { key: worker.secret })).status).toBe(401);

    const created = await call("POST", "/api/v1/api-keys", {
      key: manager.secret,
      body: { name: "Child", type: "restricted", environment, permissions: ["charges:read"] },
    });
    expect(created.status).toBe(201);
    const { db } = await server();
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: created.body.id } })).createdByKeyId).toBe(manager.id);

    const own = await call("PATCH", `/api/v1/api-keys/${manager.id}`, {
      key: manager.secret,
      body: { name: "Key manager (narrowed)", permissions: ["api_keys:write"] },
    });
    expect(own.status).toBe(200);
    expect(own.body.permissions).toEqual(["api_keys:write"]);
  });

  it("lets a restricted key holding the browser-safe scopes roll and relabel publishable keys", async () => {
    const manager = await acme.make({
      name: `Browser key manager ${environment}`,
      type: "restricted",
      environment,
      permissions: ["api_keys:write", "payment_intents:read", "tokens:write"],
    });
    const pk = await acme.make({ name: `Browser ${environment}`, type: "publishable", environment });
    const relabelled = await call("PATCH", `/api/v1/api-keys/${pk.id}`, { key: manager.secret, body: { name: "Checkout page" } });
    expect(relabelled.status).toBe(200);
    const rolled = await call("POST", `/api/v1/api-keys/${pk.id}/regenerate`, { key: manager.secret, body: {} });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ type: "publishable", name: "Checkout page" });
  });
});
