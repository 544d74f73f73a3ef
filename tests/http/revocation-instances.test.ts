/**
 * Two production servers on one PostgreSQL database, as a cluster runs: a
 * key revoked, rolled past its grace, expired or disabled through one of
 * them (or straight in the database, as any new key operation would) is
 * refused by the other on its very next request, through the API and the
 * gateway alike. Needs TEST_POSTGRES_URL (CI sets it).
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startProductionServer, type ProductionServer } from "../support/production-server";
import { testSecrets } from "../support/test-env";

const admin = process.env.TEST_POSTGRES_URL;
const name = `keyward_instances_${randomBytes(4).toString("hex")}`;
const servers: ProductionServer[] = [];
let a = "";
let b = "";
let verifierToken = "";

async function startInstance(env: Record<string, string>): Promise<string> {
  const server = await startProductionServer({ env, timeoutMs: 90_000 });
  servers.push(server);
  return server.baseUrl;
}

async function services() {
  const [{ makeMerchant }, keys, { db }] = await Promise.all([
    import("../support/fixtures"),
    import("@/lib/api-keys/service"),
    import("@/lib/db"),
  ]);
  return { makeMerchant, keys, db };
}

const whoami = (base: string, key: string) => fetch(`${base}/api/v1/whoami`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.status);
const verified = (base: string, key: string) =>
  fetch(`${base}/api/v1/keys/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${verifierToken}`, "content-type": "application/json" },
    body: JSON.stringify({ key }),
  }).then(async (r) => ((await r.json()) as { code: string }).code);

describe.skipIf(!admin)("two instances on one PostgreSQL database (needs TEST_POSTGRES_URL)", () => {
  let s: Awaited<ReturnType<typeof services>>;
  let owner: Awaited<ReturnType<Awaited<ReturnType<typeof services>>["makeMerchant"]>>["actors"]["owner"];
  let adminKey = "";

  beforeAll(async () => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const url = new URL(admin!);
    url.pathname = `/${name}`;
    const env: Record<string, string> = { DATABASE_URL: url.toString(), ...testSecrets() };
    Object.assign(process.env, env);
    const { mintVerifierToken } = await import("@/lib/gateway/verifier-tokens");
    const minted = mintVerifierToken("instances");
    verifierToken = minted.token;
    env.KEYWARD_VERIFIER_TOKENS = minted.entry;
    const { applyMigrations } = await import("../../scripts/migrate");
    await applyMigrations(env.DATABASE_URL);
    [a, b] = await Promise.all([startInstance(env), startInstance(env)]);
    s = await services();
    owner = (await s.makeMerchant("Two instances")).actors.owner;
    adminKey = (await s.keys.createApiKey(owner, { name: "Admin", type: "secret", environment: "test" }, "response")).secret;
  });

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    if (s) await s.db.$disconnect();
    const { closeKeyLookup } = await import("@/lib/api-keys/key-lookup");
    await closeKeyLookup();
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  const newKey = async () => {
    const created = await s.keys.createApiKey(owner, { name: `Key ${randomBytes(3).toString("hex")}`, type: "secret", environment: "test" }, "response");
    // Both instances know it (and have it in whatever they keep) before it changes.
    for (const base of [a, b]) {
      expect(await whoami(base, created.secret)).toBe(200);
      expect(await verified(base, created.secret)).toBe("valid");
    }
    return { id: created.key.id, secret: created.secret };
  };

  it("refuses a key revoked through the other instance on the next request", async () => {
    const k = await newKey();
    const res = await fetch(`${a}/api/v1/api-keys/${k.id}`, { method: "DELETE", headers: { authorization: `Bearer ${adminKey}` } });
    expect(res.status).toBe(200);
    expect(await whoami(b, k.secret)).toBe(401);
    expect(await verified(b, k.secret)).toBe("not_found");
  });

  it("refuses a key rolled with no grace through the other instance, and accepts its successor", async () => {
    const k = await newKey();
    const res = await fetch(`${a}/api/v1/api-keys/${k.id}/regenerate`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ expire_previous_in: 0 }),
    });
    expect(res.status).toBe(200);
    const successor = ((await res.json()) as { secret: string }).secret;
    expect(await whoami(b, k.secret)).toBe(401);
    expect(await verified(b, k.secret)).toBe("not_found");
    expect(await verified(b, successor)).toBe("valid");
  });

  it("refuses keys disabled or expired straight in the database on both instances", async () => {
    const disabled = await newKey();
    const expired = await newKey();
    await s.db.apiKey.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    await s.db.apiKey.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    for (const base of [a, b]) {
      for (const k of [disabled, expired]) {
        expect(await whoami(base, k.secret)).toBe(401);
        expect(await verified(base, k.secret)).toBe("not_found");
      }
    }
  });
});
