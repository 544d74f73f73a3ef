import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  DashboardSession,
  routeHandlers,
  routeMethods,
  serverActions,
  type ActionResponse,
  type ServerActionRef,
} from "../support/dashboard-session";
import { changedTables, fingerprint } from "../support/db-fingerprint";
import type { UserActor } from "@/lib/auth/actor";
import type { CreateApiKeyInput } from "@/lib/validations/api-key";

/**
 * The security matrix: every operation of the OpenAPI document and every
 * server action of the build, called as every kind of caller, against the
 * production server over real HTTP. Each cell checks the status (or the
 * action's result code) the policy gives, and that a refused call changed
 * nothing. Operations are discovered, not listed: one the expectation tables
 * below do not know (or an entry for one that no longer exists) fails.
 *
 * Objects acted on are created afresh for each cell (through the services,
 * in the server's database), so a cell that wrongly succeeds cannot spoil
 * the next. The REST API is exercised on test-environment objects of
 * merchant A; server actions on live objects of merchant A, whose owner,
 * developer and viewer sign in over HTTP.
 */

const baseUrl = inject("baseUrl");
const PASSWORD = `matrix-${randomBytes(9).toString("base64url")}`;
const STAFF = { email: "support@keyward.test", password: "demo-password-1" };

// ---------------------------------------------------------------------------
// Callers

const REST_ACTORS = ["none", "malformed", "publishable", "noScope", "readOnly", "scoped", "otherEnv", "otherMerchant", "secret", "unknownField"] as const;
type RestActor = (typeof REST_ACTORS)[number];
const REST_ACTOR_LABELS: Record<RestActor, string> = {
  none: "no key",
  malformed: "malformed key",
  publishable: "publishable",
  noScope: "restricted w/o scope",
  readOnly: "restricted, read scope only",
  scoped: "restricted w/ scope → stronger target",
  otherEnv: "other environment's key",
  otherMerchant: "other merchant's key",
  secret: "secret key (control)",
  unknownField: "secret + `constructor` field",
};

const SESSION_ACTORS = ["signedOut", "otherOwner", "viewer", "developer", "support", "owner", "crossSite"] as const;
type SessionActor = (typeof SESSION_ACTORS)[number];
const SESSION_ACTOR_LABELS: Record<SessionActor, string> = {
  signedOut: "signed out",
  otherOwner: "other merchant's owner",
  viewer: "viewer",
  developer: "developer → live object",
  support: "support impersonating",
  owner: "owner (control)",
  crossSite: "owner, from another site",
};
const FOREIGN_ORIGIN = "https://attacker.example";

/**
 * What a server action call came to: its result code, "ok", "refused" (an
 * error without code), or "redirect". Expected "blocked": anything but ok or
 * a redirect (the action did not run, however the refusal is worded).
 */
type Outcome = "ok" | "unauthorized" | "forbidden" | "not_found" | "validation" | "conflict" | "refused" | "redirect" | "blocked";

// ---------------------------------------------------------------------------
// Fixtures

type Actor = UserActor;
type Services = Awaited<ReturnType<typeof loadServices>>;

async function loadServices() {
  Object.assign(process.env, inject("serverEnv"));
  const [{ makeMerchant }, keys, refresh, apps, credentials, team, { hashPassword }, { db }, { newId }, pause, feed, webhooks, { newEventObjectId }] = await Promise.all([
    import("../support/fixtures"),
    import("@/lib/api-keys/service"),
    import("@/lib/api-keys/refresh"),
    import("@/lib/applications/service"),
    import("@/lib/credentials/service"),
    import("@/lib/team/service"),
    import("@/lib/auth/password"),
    import("@/lib/db"),
    import("@/lib/ids"),
    import("@/lib/api-keys/disable"),
    import("@/lib/notifications/feed"),
    import("@/lib/webhooks/service"),
    import("@/lib/events/ids"),
  ]);
  const usage = await import("@/lib/api-keys/usage");
  return { makeMerchant, keys, refresh, apps, credentials, team, hashPassword, db, newId, pause, feed, webhooks, newEventObjectId, usage };
}

let s: Services;
let merchantA: { id: string; owner: Actor; developer: Actor };
let merchantB: { id: string; owner: Actor };
/** API keys of the callers (plaintext secrets). */
const callerKeys = {} as Record<"publishable" | "noScope" | "otherEnv" | "otherMerchant" | "secret", string>;
const scopedKeys = new Map<string, string>();
const sessions = {} as Record<SessionActor, DashboardSession>;
let actions: ServerActionRef[];
let openapi: { paths: Record<string, Record<string, unknown>> };
/** Operations of the /api/v1 route handlers, and of the dashboard's own route handlers. */
let apiRouteOps: string[];
let dashboardRoutes: string[];

const alnum = (n: number) => randomBytes(n * 2).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, n);
const stripeKey = (env: "test" | "live") => `sk_${env}_${alnum(32)}`;
const unique = () => alnum(8).toLowerCase();

/** Every object made for merchant A: nothing of it may show in another merchant's answers. */
const merchantAIds = new Set<string>();

async function newKey(owner: Actor, input: Omit<CreateApiKeyInput, "name"> & { name?: string }, delivery: "response" | "reveal" = "response") {
  const created = await s.keys.createApiKey(owner, { name: `matrix ${unique()}`, ...input }, delivery);
  if (owner.merchantId === merchantA.id) merchantAIds.add(created.key.id);
  return { id: created.key.id, name: created.key.name, secret: created.secret };
}

/** A restricted test key of merchant A holding exactly these scopes (made once per scope set). */
async function restricted(...permissions: string[]): Promise<string> {
  const k = permissions.join(",");
  if (!scopedKeys.has(k)) {
    scopedKeys.set(k, (await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions })).secret);
  }
  return scopedKeys.get(k)!;
}

async function newApp(environment: "test" | "live", withStripe: boolean) {
  const app = await s.apps.createApplication(merchantA.owner, { name: `Matrix ${unique()}`, environment });
  merchantAIds.add(app.id);
  if (withStripe) await s.credentials.addCredential(merchantA.owner, app.id, "stripe", { apiKey: stripeKey(environment) });
  return app;
}

/** A webhook endpoint of merchant A; a closed local port, subscribed to an event the matrix never raises. */
async function newEndpoint(environment: "test" | "live") {
  const { endpoint } = await s.webhooks.createEndpoint(merchantA.owner, {
    url: "http://127.0.0.1:9/matrix",
    environment,
    eventTypes: ["api_key.expiring"],
  });
  merchantAIds.add(endpoint.id);
  return endpoint;
}

/** A failed delivery of a test event to a new endpoint (made directly: no worker may be attempting it). */
async function newDelivery(environment: "test" | "live") {
  const endpoint = await newEndpoint(environment);
  const at = new Date();
  const eventId = s.newEventObjectId("msg");
  await s.db.outboxEvent.create({
    data: { id: eventId, merchantId: merchantA.id, environment, type: "webhook.test", occurredAt: at, data: "{}", endpointId: endpoint.id, fannedOutAt: at, emailedAt: at },
  });
  const delivery = await s.db.webhookDelivery.create({
    data: { id: s.newEventObjectId("whd"), merchantId: merchantA.id, endpointId: endpoint.id, eventId, status: "failed", attempts: 1, createdAt: at },
  });
  return { endpointId: endpoint.id, deliveryId: delivery.id };
}

async function newMember(role: "developer" | "viewer" = "developer") {
  const user = await s.db.user.create({
    data: { id: s.newId("usr"), email: `member-${unique()}@matrix.test`, name: "Matrix member", passwordHash: "x" },
  });
  return s.db.membership.create({ data: { id: s.newId("mem"), userId: user.id, merchantId: merchantA.id, role } });
}

async function makeUsers(name: string, roles: ("owner" | "developer" | "viewer")[]) {
  const m = await s.makeMerchant(name, roles);
  const passwordHash = await s.hashPassword(PASSWORD);
  await s.db.user.updateMany({ where: { id: { in: Object.values(m.actors).map((a) => a.userId) } }, data: { passwordHash } });
  return m;
}

// ---------------------------------------------------------------------------
// REST expectations, one entry per "METHOD /path" of the OpenAPI document.

type Prepared = { path: string; body?: unknown; key?: string | null; headers?: Record<string, string> };
type RestOp = {
  /** The scope a restricted key needs ("scoped" callers hold exactly this one); null when none is needed. */
  scope: string | null;
  /** The request for one cell; objects are created afresh. */
  prepare: (actor: RestActor) => Promise<Prepared>;
  /** Expected status per caller; a caller left out does not apply. */
  expect: Partial<Record<RestActor, number>>;
  /** Other callers may not see these in the response body (objects of another merchant or environment). */
  hidden?: (prepared: Prepared) => string[];
  /** Its answer holds example key values (documentation), exempt from the no-secret check. */
  examples?: boolean;
};

/** The refusals every key-authenticated operation shares, plus the operation's own cells. */
const keyed = (own: Partial<Record<RestActor, number>>): Partial<Record<RestActor, number>> => ({
  none: 401,
  malformed: 401,
  publishable: 403,
  noScope: 403,
  ...own,
});
/** A write operation: a key holding only the read scope of the resource is refused too. */
const keyedWrite = (own: Partial<Record<RestActor, number>>) => keyed({ readOnly: 403, ...own });
/** Public operations: an API key neither helps nor hurts. */
const everyone = (status: number): Partial<Record<RestActor, number>> =>
  Object.fromEntries(REST_ACTORS.filter((a) => a !== "unknownField").map((a) => [a, status]));

const keyPath = async () => `/api/v1/api-keys/${(await newKey(merchantA.owner, { type: "secret", environment: "test" })).id}`;
/** A key of merchant A in its roll's grace period (the old secret works for another hour). */
const rolledKey = async (environment: "test" | "live") => {
  const k = await newKey(merchantA.owner, { type: "secret", environment });
  const rolled = await s.keys.rollApiKey(merchantA.owner, k.id, { expirePreviousIn: 3600 }, "response");
  merchantAIds.add(rolled.key.id);
  return k;
};
const disabledKey = async (environment: "test" | "live") => {
  const k = await newKey(merchantA.owner, { type: "secret", environment });
  await s.pause.disableApiKey(merchantA.owner, k.id);
  return k;
};
/**
 * A key of merchant A expiring within the week, and its notification's id.
 * Each expires before the previous one, so the newest is always among the
 * first notifications listed (they are capped per type).
 */
let expiringKeys = 0;
let lastExpiringKeyId = "";
const expiringKey = async (environment: "test" | "live") => {
  expiringKeys += 1;
  const expiresAt = new Date(Date.now() + 6 * 86_400_000 - expiringKeys * 600_000);
  const k = await newKey(merchantA.owner, { type: "secret", environment, expiresAt });
  lastExpiringKeyId = k.id;
  return { ...k, notificationId: s.feed.notificationId(merchantA.id, "api_key.expiring", k.id, expiresAt.toISOString()) };
};
const appPath = async (withStripe = false) => `/api/v1/applications/${(await newApp("test", withStripe)).id}`;
const idsIn = (p: Prepared) => [...p.path.matchAll(/(key|app)_[0-9A-Za-z]{20}/g)].map((m) => m[0]);
const hookPath = async () => `/api/v1/webhook-endpoints/${(await newEndpoint("test")).id}`;
const hookIdsIn = (p: Prepared) => [...p.path.matchAll(/(we|whd)_[0-9A-Za-z]{20}/g)].map((m) => m[0]);

const REST_OPS: Record<string, RestOp> = {
  "GET /api/v1/openapi.json": { scope: null, prepare: async () => ({ path: "/api/v1/openapi.json" }), expect: everyone(200), examples: true },
  "GET /api/v1/whoami": {
    scope: null,
    prepare: async () => ({ path: "/api/v1/whoami" }),
    expect: { ...everyone(200), none: 401, malformed: 401 },
  },
  "POST /api/v1/leaked-keys": {
    scope: null,
    // Unsigned: the scanner's signature is the credential, an API key is none.
    prepare: async () => ({ path: "/api/v1/leaked-keys", body: [] }),
    expect: { ...everyone(401), secret: undefined },
  },
  "POST /api/v1/keys/verify": {
    scope: null,
    // API keys of every kind are no credential here: the "secret" cell (and the
    // unknown-field one) present the operator's verifier token instead.
    prepare: async (actor) => {
      const body = { key: (await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["charges:write"] })).secret };
      if (actor !== "secret" && actor !== "unknownField") return { path: "/api/v1/keys/verify", body };
      return { path: "/api/v1/keys/verify", body, headers: { authorization: `Bearer ${inject("verifierToken")}` } };
    },
    expect: { ...everyone(401), secret: 200, unknownField: 422 },
  },
  "POST /api/v1/api-keys/refresh": {
    scope: null,
    prepare: async (actor) => {
      if (actor !== "secret") return { path: "/api/v1/api-keys/refresh", body: { token: `rt_test_${alnum(40)}` } };
      const created = await s.refresh.createRefreshableKey(merchantA.owner, { name: `matrix ${unique()}`, type: "secret", environment: "test" });
      return { path: "/api/v1/api-keys/refresh", body: { token: created.refreshToken } };
    },
    expect: { ...everyone(401), secret: 200, unknownField: 422 },
  },
  "GET /api/v1/api-keys": {
    scope: "api_keys:read",
    prepare: async () => ({ path: `/api/v1/api-keys?limit=100`, key: undefined }),
    expect: keyed({ scoped: 200, otherEnv: 200, otherMerchant: 200, secret: 200 }),
    hidden: () => [...testKeyIds],
  },
  "POST /api/v1/api-keys": {
    scope: "api_keys:write",
    // The scoped caller asks for a secret key: more than it holds.
    prepare: async () => ({ path: "/api/v1/api-keys", body: { name: "matrix", type: "secret", environment: "test" } }),
    expect: keyedWrite({ scoped: 403, otherEnv: 403, otherMerchant: 201, secret: 201, unknownField: 422 }),
  },
  "GET /api/v1/api-keys/{id}": {
    scope: "api_keys:read",
    prepare: async () => ({ path: await keyPath() }),
    // Reading a stronger key's metadata is allowed; its secret is never returned.
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "PATCH /api/v1/api-keys/{id}": {
    scope: "api_keys:write",
    prepare: async () => ({ path: await keyPath(), body: { name: "renamed by matrix" } }),
    expect: keyedWrite({ scoped: 403, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "DELETE /api/v1/api-keys/{id}": {
    scope: "api_keys:write",
    prepare: async () => ({ path: await keyPath() }),
    expect: keyedWrite({ scoped: 403, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "POST /api/v1/api-keys/{id}/regenerate": {
    scope: "api_keys:write",
    prepare: async () => ({ path: `${await keyPath()}/regenerate`, body: { expire_previous_in: 0 } }),
    expect: keyedWrite({ scoped: 403, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "POST /api/v1/api-keys/{id}/disable": {
    scope: "api_keys:write",
    prepare: async () => ({ path: `${await keyPath()}/disable`, body: {} }),
    expect: keyedWrite({ scoped: 403, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "POST /api/v1/api-keys/{id}/enable": {
    scope: "api_keys:write",
    prepare: async () => ({ path: `/api/v1/api-keys/${(await disabledKey("test")).id}/enable`, body: {} }),
    expect: keyedWrite({ scoped: 403, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "POST /api/v1/api-keys/{id}/expire-now": {
    scope: "api_keys:write",
    prepare: async () => ({ path: `/api/v1/api-keys/${(await rolledKey("test")).id}/expire-now`, body: {} }),
    expect: keyedWrite({ scoped: 403, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "GET /api/v1/api-keys/{id}/usage": {
    scope: "api_keys:read",
    prepare: async () => ({ path: `${await keyPath()}/usage?granularity=hour` }),
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "GET /api/v1/notifications": {
    scope: "api_keys:read",
    // A test key of merchant A expiring soon: a live key, or another merchant's, must not hear of it.
    prepare: async () => {
      await expiringKey("test");
      return { path: "/api/v1/notifications" };
    },
    expect: keyed({ scoped: 200, otherEnv: 200, otherMerchant: 200, secret: 200 }),
    hidden: () => [lastExpiringKeyId],
  },
  "POST /api/v1/notifications/{id}/dismiss": {
    scope: "api_keys:write",
    prepare: async () => ({ path: `/api/v1/notifications/${(await expiringKey("test")).notificationId}/dismiss`, body: {} }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
  },
  "GET /api/v1/applications": {
    scope: "applications:read",
    prepare: async () => {
      await newApp("test", false);
      return { path: "/api/v1/applications?limit=100" };
    },
    expect: keyed({ scoped: 200, otherEnv: 200, otherMerchant: 200, secret: 200 }),
    hidden: () => [...testAppIds],
  },
  "POST /api/v1/applications": {
    scope: "applications:write",
    prepare: async () => ({ path: "/api/v1/applications", body: { name: "Matrix app", environment: "test" } }),
    expect: keyedWrite({ scoped: 201, otherEnv: 403, otherMerchant: 201, secret: 201, unknownField: 422 }),
  },
  "GET /api/v1/applications/{applicationId}": {
    scope: "applications:read",
    prepare: async () => ({ path: await appPath() }),
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "PATCH /api/v1/applications/{applicationId}": {
    scope: "applications:write",
    prepare: async () => ({ path: await appPath(), body: { name: "Renamed by matrix" } }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "DELETE /api/v1/applications/{applicationId}": {
    scope: "applications:write",
    prepare: async () => ({ path: await appPath(true) }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "GET /api/v1/applications/{applicationId}/providers": {
    scope: "applications:read",
    prepare: async () => ({ path: `${await appPath(true)}/providers` }),
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "GET /api/v1/applications/{applicationId}/providers/{providerName}": {
    scope: "applications:read",
    prepare: async () => ({ path: `${await appPath(true)}/providers/stripe` }),
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "PUT /api/v1/applications/{applicationId}/providers/{providerName}": {
    scope: "applications:write",
    prepare: async () => ({ path: `${await appPath(false)}/providers/stripe`, body: { api_key: stripeKey("test") } }),
    expect: keyedWrite({ scoped: 201, otherEnv: 404, otherMerchant: 404, secret: 201, unknownField: 422 }),
    hidden: idsIn,
  },
  "DELETE /api/v1/applications/{applicationId}/providers/{providerName}": {
    scope: "applications:write",
    prepare: async () => ({ path: `${await appPath(true)}/providers/stripe` }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: idsIn,
  },
  "PATCH /api/v1/applications/{applicationId}/providers/{providerName}/api-key": {
    scope: "applications:write",
    prepare: async () => ({ path: `${await appPath(true)}/providers/stripe/api-key`, body: { apiKey: stripeKey("test") } }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: idsIn,
  },
  "GET /api/v1/webhook-endpoints": {
    scope: "webhooks:read",
    prepare: async () => {
      testHookIds.add((await newEndpoint("test")).id);
      return { path: "/api/v1/webhook-endpoints?limit=100" };
    },
    expect: keyed({ scoped: 200, otherEnv: 200, otherMerchant: 200, secret: 200 }),
    hidden: () => [...testHookIds],
  },
  "POST /api/v1/webhook-endpoints": {
    scope: "webhooks:write",
    prepare: async () => ({ path: "/api/v1/webhook-endpoints", body: { url: "https://hooks.example.com/matrix", environment: "test", event_types: ["api_key.expiring"] } }),
    expect: keyedWrite({ scoped: 201, otherEnv: 403, otherMerchant: 201, secret: 201, unknownField: 422 }),
  },
  "GET /api/v1/webhook-endpoints/{endpointId}": {
    scope: "webhooks:read",
    prepare: async () => ({ path: await hookPath() }),
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: hookIdsIn,
  },
  "PATCH /api/v1/webhook-endpoints/{endpointId}": {
    scope: "webhooks:write",
    prepare: async () => ({ path: await hookPath(), body: { description: "changed by matrix" } }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: hookIdsIn,
  },
  "DELETE /api/v1/webhook-endpoints/{endpointId}": {
    scope: "webhooks:write",
    prepare: async () => ({ path: await hookPath() }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: hookIdsIn,
  },
  "POST /api/v1/webhook-endpoints/{endpointId}/roll-secret": {
    scope: "webhooks:write",
    prepare: async () => ({ path: `${await hookPath()}/roll-secret`, body: { expire_previous_in: 0 } }),
    expect: keyedWrite({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200, unknownField: 422 }),
    hidden: hookIdsIn,
  },
  "POST /api/v1/webhook-endpoints/{endpointId}/test": {
    scope: "webhooks:write",
    prepare: async () => ({ path: `${await hookPath()}/test` }),
    expect: keyedWrite({ scoped: 202, otherEnv: 404, otherMerchant: 404, secret: 202 }),
    hidden: hookIdsIn,
  },
  "GET /api/v1/webhook-endpoints/{endpointId}/deliveries": {
    scope: "webhooks:read",
    prepare: async () => ({ path: `/api/v1/webhook-endpoints/${(await newDelivery("test")).endpointId}/deliveries` }),
    expect: keyed({ scoped: 200, otherEnv: 404, otherMerchant: 404, secret: 200 }),
    hidden: hookIdsIn,
  },
  "POST /api/v1/webhook-endpoints/{endpointId}/deliveries/{deliveryId}/resend": {
    scope: "webhooks:write",
    prepare: async () => {
      const d = await newDelivery("test");
      return { path: `/api/v1/webhook-endpoints/${d.endpointId}/deliveries/${d.deliveryId}/resend` };
    },
    expect: keyedWrite({ scoped: 202, otherEnv: 404, otherMerchant: 404, secret: 202 }),
    hidden: hookIdsIn,
  },
  "GET /api/v1/audit-events": {
    scope: "audit_events:read",
    // Filtered on a test key: a live key (or another merchant's) must find none of its events.
    prepare: async () => {
      const target = (await keyPath()).split("/").pop()!;
      return { path: `/api/v1/audit-events?target=${target}` };
    },
    expect: keyed({ scoped: 200, otherEnv: 200, otherMerchant: 200, secret: 200 }),
    hidden: (p) => [new URL(p.path, baseUrl).searchParams.get("target")!],
  },
};

/** Further cells on operations above: a scenario the columns do not cover. */
/** A key of merchant A that no longer authenticates; its 401 must read exactly like the no-key one. */
const deadKey = (label: string, kill: (key: { id: string; secret: string }) => Promise<unknown>) => ({
  op: "GET /api/v1/whoami",
  label: `GET /api/v1/whoami · ${label}`,
  actor: "malformed" as const,
  status: 401,
  prepare: async (): Promise<Prepared> => {
    const key = await newKey(merchantA.owner, { type: "secret", environment: "test" });
    await kill(key);
    return { path: "/api/v1/whoami", key: key.secret };
  },
});

const REST_VARIANTS: { op: string; label: string; actor: RestActor; status: number; prepare: () => Promise<Prepared> }[] = [
  {
    op: "GET /api/v1/whoami",
    label: "GET /api/v1/whoami · well-formed unknown key",
    actor: "malformed",
    status: 401,
    prepare: async () => ({ path: "/api/v1/whoami", key: `sk_test_${alnum(46)}` }),
  },
  deadKey("revoked key", (k) => s.keys.revokeApiKey(merchantA.owner, k.id)),
  deadKey("expired key", (k) => s.db.apiKey.update({ where: { id: k.id }, data: { expiresAt: new Date(Date.now() - 1000) } })),
  deadKey("rolled key after its grace period", (k) => s.keys.rollApiKey(merchantA.owner, k.id, { expirePreviousIn: 0 }, "response")),
  {
    op: "POST /api/v1/api-keys",
    label: "POST /api/v1/api-keys · reusing a secret key's Idempotency-Key",
    actor: "scoped",
    status: 403,
    // A stored response belongs to the key that made the request: replaying it to another would hand over a secret.
    prepare: async () => {
      const body = { name: "matrix", type: "secret", environment: "test" };
      const headers = { "idempotency-key": `matrix-${unique()}` };
      const first = await fetch(`${baseUrl}/api/v1/api-keys`, {
        method: "POST",
        headers: { authorization: `Bearer ${callerKeys.secret}`, "content-type": "application/json", ...headers },
        body: JSON.stringify(body),
      });
      if (first.status !== 201) throw new Error(`the secret key's request failed: HTTP ${first.status}`);
      return { path: "/api/v1/api-keys", body, headers };
    },
  },
  {
    op: "GET /api/v1/audit-events",
    label: "GET /api/v1/audit-events?target={live key} · test key",
    actor: "otherEnv",
    status: 200,
    prepare: async () => {
      const live = await newKey(merchantA.owner, { type: "secret", environment: "live" });
      return { path: `/api/v1/audit-events?target=${live.id}`, key: callerKeys.secret };
    },
  },
  {
    op: "PATCH /api/v1/api-keys/{id}",
    label: "PATCH /api/v1/api-keys/{own id} · permissions beyond its own",
    actor: "scoped",
    status: 403,
    prepare: async () => {
      const self = await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["api_keys:write"] });
      return { path: `/api/v1/api-keys/${self.id}`, key: self.secret, body: { permissions: ["api_keys:write", "charges:write"] } };
    },
  },
  {
    op: "POST /api/v1/api-keys/{id}/regenerate",
    label: "POST /api/v1/api-keys/{id}/regenerate · broader restricted target",
    actor: "scoped",
    status: 403,
    prepare: async () => {
      const target = await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["api_keys:write", "charges:write"] });
      return { path: `/api/v1/api-keys/${target.id}/regenerate`, body: { expire_previous_in: 0 } };
    },
  },
  // A paused key is refused like any dead key, with the very same 401 (the disabledAt check in
  // lib/api-keys/authenticate.ts; until it is in the build, this cell reports 200).
  deadKey("disabled key", (k) => s.pause.disableApiKey(merchantA.owner, k.id)),
  {
    op: "POST /api/v1/api-keys/{id}/disable",
    label: "POST /api/v1/api-keys/{own id}/disable · itself",
    actor: "scoped",
    status: 200,
    // As with revoking, a key may always pause itself (and then cannot undo it).
    prepare: async () => {
      const self = await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["api_keys:write", "charges:read"] });
      return { path: `/api/v1/api-keys/${self.id}/disable`, key: self.secret, body: {} };
    },
  },
  {
    op: "POST /api/v1/api-keys/{id}/enable",
    label: "POST /api/v1/api-keys/{id}/enable · restricted target it holds",
    actor: "scoped",
    status: 200,
    prepare: async () => {
      const target = await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["api_keys:write"] });
      await s.pause.disableApiKey(merchantA.owner, target.id);
      return { path: `/api/v1/api-keys/${target.id}/enable`, body: {} };
    },
  },
  {
    op: "POST /api/v1/api-keys/{id}/expire-now",
    label: "POST /api/v1/api-keys/{id}/expire-now · key not in a grace period",
    actor: "secret",
    status: 409,
    prepare: async () => ({ path: `${await keyPath()}/expire-now`, body: {} }),
  },
  {
    op: "POST /api/v1/notifications/{id}/dismiss",
    label: "POST /api/v1/notifications/{id}/dismiss · live notification, test key",
    actor: "otherEnv",
    status: 404,
    prepare: async () => ({ path: `/api/v1/notifications/${(await expiringKey("live")).notificationId}/dismiss`, key: callerKeys.secret, body: {} }),
  },
  {
    op: "DELETE /api/v1/api-keys/{id}",
    label: "DELETE /api/v1/api-keys/{id} · broader restricted target",
    actor: "scoped",
    status: 403,
    prepare: async () => {
      const target = await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["api_keys:write", "charges:write"] });
      return { path: `/api/v1/api-keys/${target.id}` };
    },
  },
];

const testKeyIds = new Set<string>();
const testAppIds = new Set<string>();
const testHookIds = new Set<string>();

async function restKey(actor: RestActor, op: RestOp): Promise<string | null> {
  switch (actor) {
    case "none":
      return null;
    case "malformed":
      return "sk_test_not-a-key";
    case "scoped":
      return restricted(op.scope ?? "api_keys:read");
    case "readOnly":
      return restricted((op.scope ?? "api_keys:read").replace(/:write$/, ":read"));
    case "unknownField":
      return callerKeys.secret;
    default:
      return callerKeys[actor];
  }
}

// ---------------------------------------------------------------------------
// Server action expectations, one entry per "module#export" of the build.

type ActionArgs = unknown[] | { state: unknown; form: Record<string, string> };
type ActionSpec = {
  args: (actor: SessionActor) => Promise<ActionArgs>;
  expect: Partial<Record<SessionActor, Outcome>>;
  /** Callers for which a change is the point (e.g. ending one's own impersonation). */
  mayChange?: SessionActor[];
  /** Runs after every other cell (it ends sessions or impersonations). */
  last?: boolean;
  /** Its result carries a key secret when it succeeds; no other action's may. */
  revealsSecret?: boolean;
};

/** A merchant-scoped action on an object of merchant A: the other merchant does not find it, the viewer and developer (live) may not. */
const onObject = (support: Outcome): Partial<Record<SessionActor, Outcome>> => ({
  signedOut: "unauthorized",
  otherOwner: "not_found",
  viewer: "forbidden",
  developer: "forbidden",
  support,
  owner: "ok",
  crossSite: "blocked",
});
/** An action that must not do anything for these callers (each answers in its own words). */
const refusedFor = (...outcomes: [SessionActor, Outcome][]): Partial<Record<SessionActor, Outcome>> => ({
  signedOut: "refused",
  otherOwner: "refused",
  viewer: "refused",
  developer: "refused",
  support: "refused",
  owner: "refused",
  crossSite: "blocked",
  ...Object.fromEntries(outcomes),
});
/** A create: the other merchant's owner creates in their own merchant. */
const creates = (support: Outcome) => ({ ...onObject(support), otherOwner: "ok" as Outcome });
const liveKey = (type: "secret" | "restricted" = "restricted", delivery: "response" | "reveal" = "response") =>
  newKey(merchantA.owner, { type, environment: "live", ...(type === "restricted" ? { permissions: ["charges:read"] } : {}) }, delivery);

/** A live key of merchant A used from a first address and then a new one: the second raises a new-IP alert. */
const keyWithNewIp = async () => {
  const k = await liveKey("secret");
  const at = Date.now();
  s.usage.recordKeyUse(k.id, "198.51.100.1", new Date(at - 2000));
  s.usage.recordKeyUse(k.id, "198.51.100.2", new Date(at - 1000));
  await s.usage.flushKeyUsage();
  return { id: k.id, ip: "198.51.100.2" };
};

/** Actions on one's own account: any signed-in caller may, for itself; another site's page may not. */
const ownAccount = (outcome: Outcome): Partial<Record<SessionActor, Outcome>> => ({
  signedOut: "unauthorized",
  otherOwner: outcome,
  viewer: outcome,
  developer: outcome,
  support: outcome,
  owner: outcome,
  crossSite: "blocked",
});
const ownerMembershipId = async () =>
  (await s.db.membership.findFirstOrThrow({ where: { merchantId: merchantA.id, userId: merchantA.owner.userId } })).id;
const SIGNED_IN: SessionActor[] = ["otherOwner", "viewer", "developer", "support", "owner"];

/** Someone else's account with a session and a passkey: no caller may end or remove them. */
let bystanderMemo: Promise<{ sessionId: string; passkeyId: string }> | undefined;
function bystander() {
  bystanderMemo ??= (async () => {
    const user = await s.db.user.create({
      data: { id: s.newId("usr"), email: `bystander-${unique()}@matrix.test`, name: "Bystander", passwordHash: "x" },
    });
    const at = new Date();
    const session = await s.db.userSession.create({
      data: {
        id: s.newId("ses"),
        userId: user.id,
        lastSeenAt: at,
        expiresAt: new Date(at.getTime() + 86_400_000),
        verifiedAt: at,
        verifiedBy: "password",
      },
    });
    const passkey = await s.db.passkey.create({
      data: { id: s.newId("pk"), userId: user.id, credentialId: alnum(32), publicKey: alnum(64), name: "Bystander's key" },
    });
    return { sessionId: session.id, passkeyId: passkey.id };
  })();
  return bystanderMemo;
}

const ACTIONS: Record<string, ActionSpec> = {
  "app/(dashboard)/keys/actions.ts#createKeyAction": {
    args: async () => [{ name: `matrix ${unique()}`, type: "secret", environment: "live" }],
    expect: creates("forbidden"),
  },
  "app/(dashboard)/keys/actions.ts#revealKeyAction": {
    args: async () => [(await liveKey("secret", "reveal")).id],
    expect: onObject("forbidden"),
    revealsSecret: true,
  },
  "app/(dashboard)/keys/actions.ts#updateKeyAction": {
    // Relabelling is allowed while impersonating; permissions are not (see the variant below).
    args: async () => [{ id: (await liveKey()).id, changes: { name: "renamed by matrix" } }],
    expect: onObject("ok"),
  },
  "app/(dashboard)/keys/actions.ts#rollKeyAction": {
    args: async () => {
      const k = await liveKey("secret");
      return [{ id: k.id, expirePreviousIn: 0, confirmName: k.name }];
    },
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/keys/actions.ts#revokeKeyAction": {
    // Revoking is incident response: allowed while impersonating. A live key's name is typed to confirm.
    args: async () => {
      const k = await liveKey();
      return [{ id: k.id, confirmName: k.name }];
    },
    expect: onObject("ok"),
  },
  "app/(dashboard)/keys/actions.ts#refreshChainAction": {
    args: async () => {
      const created = await s.refresh.createRefreshableKey(merchantA.owner, { name: `matrix ${unique()}`, type: "secret", environment: "live" });
      return [created.key.refreshChainId];
    },
    expect: { ...onObject("ok"), viewer: "ok", developer: "ok" },
  },
  "app/(dashboard)/keys/actions.ts#disableKeyAction": {
    // Pausing takes traffic down like revoking: allowed while impersonating (incident response).
    args: async () => [(await liveKey()).id],
    expect: onObject("ok"),
  },
  "app/(dashboard)/keys/actions.ts#enableKeyAction": {
    // Enabling gives a key its power back: like editing its permissions, not while impersonating.
    args: async () => [(await disabledKey("live")).id],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/keys/actions.ts#expireKeyNowAction": {
    args: async () => [(await rolledKey("live")).id],
    expect: onObject("ok"),
  },
  "app/(dashboard)/keys/actions.ts#dismissNotificationsAction": {
    // Merchant-wide: viewers (and developers, for live keys) may not hide an alert from the team.
    args: async () => [{ environment: "live", ids: [(await expiringKey("live")).notificationId] }],
    expect: onObject("ok"),
  },
  "app/(dashboard)/keys/actions.ts#acknowledgeNewIpAction": {
    // "This was me" hides the alert from the team: what dismissing takes (not viewers, not developers on live keys).
    args: async () => {
      const k = await keyWithNewIp();
      return [{ keyId: k.id, ip: k.ip }];
    },
    expect: onObject("ok"),
  },
  "app/(dashboard)/applications/actions.ts#createApplicationAction": {
    args: async () => [{ name: `Matrix ${unique()}`, environment: "live" }],
    expect: creates("forbidden"),
  },
  "app/(dashboard)/applications/actions.ts#updateApplicationAction": {
    args: async () => [{ id: (await newApp("live", false)).id, changes: { name: "Renamed by matrix" } }],
    expect: onObject("ok"),
  },
  "app/(dashboard)/applications/actions.ts#deleteApplicationAction": {
    args: async () => [(await newApp("live", true)).id],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/applications/actions.ts#addCredentialAction": {
    args: async () => [{ applicationId: (await newApp("live", false)).id, provider: "stripe", fields: { apiKey: stripeKey("live") } }],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/applications/actions.ts#rotateCredentialAction": {
    args: async () => [{ applicationId: (await newApp("live", true)).id, provider: "stripe", apiKey: stripeKey("live") }],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/applications/actions.ts#removeCredentialAction": {
    args: async () => [{ applicationId: (await newApp("live", true)).id, provider: "stripe" }],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/webhooks/actions.ts#createWebhookEndpointAction": {
    args: async () => [{ url: "https://hooks.example.com/matrix", environment: "live", eventTypes: ["api_key.expiring"] }],
    expect: creates("forbidden"),
  },
  "app/(dashboard)/webhooks/actions.ts#updateWebhookEndpointAction": {
    args: async () => [{ id: (await newEndpoint("live")).id, changes: { description: "changed by matrix" } }],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/webhooks/actions.ts#deleteWebhookEndpointAction": {
    args: async () => [(await newEndpoint("live")).id],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/webhooks/actions.ts#rollWebhookSecretAction": {
    args: async () => [{ id: (await newEndpoint("live")).id, expirePreviousIn: 0 }],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/webhooks/actions.ts#sendWebhookTestEventAction": {
    args: async () => [(await newEndpoint("live")).id],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/webhooks/actions.ts#resendWebhookDeliveryAction": {
    args: async () => [await newDelivery("live")],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/team/actions.ts#inviteMemberAction": {
    args: async () => [{ email: `invitee-${unique()}@matrix.test`, role: "developer" }],
    expect: creates("forbidden"),
  },
  "app/(dashboard)/team/actions.ts#changeRoleAction": {
    args: async () => [{ membershipId: (await newMember()).id, role: "viewer" }],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/team/actions.ts#removeMemberAction": {
    args: async () => [(await newMember()).id],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/team/actions.ts#revokeInviteAction": {
    args: async () => [(await s.team.inviteMember(merchantA.owner, { email: `invitee-${unique()}@matrix.test`, role: "developer" })).invite.id],
    expect: onObject("forbidden"),
  },
  "app/(dashboard)/team/actions.ts#setRequireSecondFactorAction": {
    // Setting it to what it already is: owners of either merchant may; nobody else may touch it.
    args: async () => [{ requireSecondFactor: false }],
    expect: { ...onObject("forbidden"), otherOwner: "ok" },
  },
  "app/account/actions.ts#changePasswordAction": {
    args: async () => [{ currentPassword: "not-the-password-1", newPassword: "matrix-new-password-1", confirmPassword: "matrix-new-password-1" }],
    expect: ownAccount("validation"),
  },
  "app/account/actions.ts#revokeSessionAction": {
    // Another user's session is not found, whoever asks.
    args: async () => [(await bystander()).sessionId],
    expect: ownAccount("not_found"),
  },
  "app/account/actions.ts#revokeOtherSessionsAction": {
    args: async () => [],
    // Each caller here has one session, so this ends none; it may not touch anyone else's.
    expect: ownAccount("ok"),
    mayChange: SIGNED_IN,
  },
  "app/account/actions.ts#startTotpEnrolmentAction": {
    args: async () => [],
    expect: ownAccount("ok"),
    mayChange: SIGNED_IN,
  },
  "app/account/actions.ts#confirmTotpEnrolmentAction": {
    // A wrong code (or no setup started) enables nothing.
    args: async () => ["000000"],
    expect: ownAccount("blocked"),
  },
  "app/account/actions.ts#disableTotpAction": {
    args: async () => [{ password: "not-the-password-1" }],
    expect: ownAccount("conflict"),
  },
  "app/account/actions.ts#regenerateRecoveryCodesAction": {
    args: async () => [],
    expect: ownAccount("conflict"),
  },
  "app/account/actions.ts#passkeyRegistrationOptionsAction": {
    args: async () => [],
    expect: ownAccount("ok"),
    mayChange: SIGNED_IN,
  },
  "app/account/actions.ts#registerPasskeyAction": {
    args: async () => [{ name: "Forged", response: { id: "forged", rawId: "forged", type: "public-key", response: {} } }],
    expect: ownAccount("validation"),
  },
  "app/account/actions.ts#removePasskeyAction": {
    args: async () => [(await bystander()).passkeyId],
    expect: ownAccount("not_found"),
  },
  "app/account/actions.ts#saveEmailPreferencesAction": {
    // Merchant A's owner's membership: nobody else finds it, support staff included.
    args: async () => [{ membershipId: (await ownerMembershipId()), events: { "api_key.leaked": "all" } }],
    expect: { ...ownAccount("not_found"), owner: "ok" },
  },
  "app/session-actions.ts#stepUpOptionsAction": {
    args: async () => [],
    expect: ownAccount("ok"),
  },
  "app/session-actions.ts#stepUpAction": {
    args: async () => [{ method: "password", code: "not-the-password-1" }],
    expect: ownAccount("validation"),
  },
  "app/passkey-actions.ts#passkeyOptionsAction": {
    // Nobody here has a passkey to sign with.
    args: async () => [],
    expect: ownAccount("not_found"),
  },
  "app/passkey-actions.ts#passkeyVerifyAction": {
    args: async () => [{ id: "forged", rawId: "forged", type: "public-key", response: {} }],
    expect: ownAccount("validation"),
  },
  "app/(auth)/login/verify/actions.ts#verifySignInAction": {
    // A session that owes nothing is simply sent on; a code cannot change anything.
    args: async () => [{ method: "totp", code: "000000" }],
    expect: ownAccount("ok"),
  },
  "app/(support)/support/actions.ts#startImpersonationAction": {
    // Merchant users are refused; staff already impersonating must end that first.
    args: async (actor) => ({
      state: {},
      form: {
        merchantId: merchantA.id,
        reason: "Security matrix: checking refused calls",
        password: actor === "support" ? STAFF.password : PASSWORD,
      },
    }),
    // Refused with the reason in its code: merchant users may not, and staff already impersonating must end that first.
    expect: { signedOut: "unauthorized", otherOwner: "forbidden", viewer: "forbidden", developer: "forbidden", support: "conflict", owner: "forbidden", crossSite: "blocked" },
  },
  "app/(support)/support/actions.ts#endImpersonationAction": {
    // Ends only the caller's own impersonation; everyone else is sent on with nothing changed.
    args: async () => [],
    expect: refusedFor(["signedOut", "redirect"], ["otherOwner", "redirect"], ["viewer", "redirect"], ["developer", "redirect"], ["support", "redirect"], ["owner", "redirect"]),
    mayChange: ["support"],
    last: true,
  },
  "app/session-actions.ts#signOutAction": {
    args: async () => [],
    expect: refusedFor(["signedOut", "redirect"], ["otherOwner", "redirect"], ["viewer", "redirect"], ["developer", "redirect"], ["support", "redirect"], ["owner", "redirect"]),
    // Signing out ends the caller's own session record.
    mayChange: SIGNED_IN,
    last: true,
  },
  "app/session-actions.ts#switchMerchantAction": {
    // To a merchant the caller does not belong to; the owner's control switches to its own.
    args: async (actor) => [actor === "otherOwner" ? merchantA.id : actor === "owner" ? merchantA.id : merchantB.id],
    expect: refusedFor(["owner", "redirect"]),
  },
  "app/(auth)/login/actions.ts#loginAction": {
    // No password: refused before any account is looked up (so no sign-in throttling either).
    args: async () => ({ state: {}, form: { email: "nobody@matrix.test", password: "" } }),
    expect: refusedFor(),
  },
  "app/invite/[token]/actions.ts#acceptAsNewUserAction": {
    args: async () => ({
      state: {},
      form: { token: alnum(43), name: "Matrix", password: "matrix-password-1", confirmPassword: "matrix-password-1" },
    }),
    expect: refusedFor(),
  },
  "app/invite/[token]/actions.ts#acceptAsUserAction": {
    args: async () => ({ state: {}, form: { token: alnum(43) } }),
    expect: refusedFor(),
  },
};

const testKey = () => newKey(merchantA.owner, { type: "secret", environment: "test" });

const ACTION_VARIANTS: { action: string; label: string; actor: SessionActor; outcome: Outcome; args: () => Promise<ActionArgs> }[] = [
  // Developers manage test keys: the live refusals above are about the environment, not a broken fixture.
  {
    action: "app/(dashboard)/keys/actions.ts#createKeyAction",
    label: "createKeyAction · test key",
    actor: "developer",
    outcome: "ok",
    args: async () => [{ name: `matrix ${unique()}`, type: "secret", environment: "test" }],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#rollKeyAction",
    label: "rollKeyAction · test key",
    actor: "developer",
    outcome: "ok",
    args: async () => {
      const k = await testKey();
      return [{ id: k.id, expirePreviousIn: 0, confirmName: k.name }];
    },
  },
  {
    action: "app/(dashboard)/keys/actions.ts#revealKeyAction",
    label: "revealKeyAction · own test key",
    actor: "developer",
    outcome: "ok",
    args: async () => [(await newKey(merchantA.developer, { type: "secret", environment: "test" }, "reveal")).id],
  },
  // A pending secret belongs to the member who created or rolled the key.
  {
    action: "app/(dashboard)/keys/actions.ts#revealKeyAction",
    label: "revealKeyAction · owner's test key",
    actor: "developer",
    outcome: "forbidden",
    args: async () => [(await newKey(merchantA.owner, { type: "secret", environment: "test" }, "reveal")).id],
  },
  // Developers manage test endpoints: the live refusals above are about the environment.
  {
    action: "app/(dashboard)/webhooks/actions.ts#createWebhookEndpointAction",
    label: "createWebhookEndpointAction · test endpoint",
    actor: "developer",
    outcome: "ok",
    args: async () => [{ url: "https://hooks.example.com/matrix", environment: "test", eventTypes: ["api_key.expiring"] }],
  },
  {
    action: "app/(dashboard)/webhooks/actions.ts#sendWebhookTestEventAction",
    label: "sendWebhookTestEventAction · test endpoint",
    actor: "developer",
    outcome: "ok",
    args: async () => [(await newEndpoint("test")).id],
  },
  {
    action: "app/(dashboard)/webhooks/actions.ts#createWebhookEndpointAction",
    label: "createWebhookEndpointAction · `constructor` field",
    actor: "owner",
    outcome: "validation",
    args: async () => [JSON.parse(`{"url":"https://hooks.example.com/matrix","environment":"test","eventTypes":["api_key.expiring"],"constructor":{}}`)],
  },
  // As over the API, a field named like an Object.prototype member is an unknown field, not a crash.
  {
    action: "app/(dashboard)/keys/actions.ts#createKeyAction",
    label: "createKeyAction · `constructor` field",
    actor: "owner",
    outcome: "validation",
    args: async () => [JSON.parse(`{"name":"matrix","type":"secret","environment":"test","constructor":{}}`)],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#updateKeyAction",
    label: "updateKeyAction · `constructor` field",
    actor: "owner",
    outcome: "validation",
    args: async () => [{ id: (await testKey()).id, changes: JSON.parse(`{"name":"renamed","constructor":{}}`) }],
  },
  {
    action: "app/(dashboard)/applications/actions.ts#createApplicationAction",
    label: "createApplicationAction · `constructor` field",
    actor: "owner",
    outcome: "validation",
    args: async () => [JSON.parse(`{"name":"Matrix app","environment":"test","constructor":{}}`)],
  },
  {
    action: "app/(dashboard)/team/actions.ts#inviteMemberAction",
    label: "inviteMemberAction · `constructor` field",
    actor: "owner",
    outcome: "validation",
    args: async () => [JSON.parse(`{"email":"invitee-${unique()}@matrix.test","role":"developer","constructor":{}}`)],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#revealKeyAction",
    label: "revealKeyAction · test key",
    actor: "viewer",
    outcome: "forbidden",
    args: async () => [(await newKey(merchantA.owner, { type: "secret", environment: "test" }, "reveal")).id],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#disableKeyAction",
    label: "disableKeyAction · test key",
    actor: "developer",
    outcome: "ok",
    args: async () => [(await testKey()).id],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#expireKeyNowAction",
    label: "expireKeyNowAction · key not in a grace period",
    actor: "owner",
    outcome: "conflict",
    args: async () => [(await liveKey()).id],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#dismissNotificationsAction",
    label: "dismissNotificationsAction · test notification",
    actor: "developer",
    outcome: "ok",
    args: async () => [{ environment: "test", ids: [(await expiringKey("test")).notificationId] }],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#dismissNotificationsAction",
    label: "dismissNotificationsAction · live notification named as test",
    actor: "owner",
    outcome: "not_found",
    args: async () => [{ environment: "test", ids: [(await expiringKey("live")).notificationId] }],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#updateKeyAction",
    label: "updateKeyAction · permissions",
    actor: "support",
    outcome: "forbidden",
    args: async () => [{ id: (await liveKey()).id, changes: { permissions: ["charges:write"] } }],
  },
  {
    action: "app/(dashboard)/keys/actions.ts#updateKeyAction",
    label: "updateKeyAction · permissions",
    actor: "developer",
    outcome: "forbidden",
    args: async () => [{ id: (await liveKey()).id, changes: { permissions: ["charges:write"] } }],
  },
];

// ---------------------------------------------------------------------------
// Dashboard route handlers (outside /api): session-authenticated reads, keyed "METHOD /path".

type RouteSpec = {
  prepare: () => Promise<string>;
  expect: Partial<Record<SessionActor, number>>;
  /** The other merchant's owner may not see these in the answer. */
  hidden?: () => string[];
};

const DASHBOARD_ROUTES: Record<string, RouteSpec> = {
  "GET /audit/export": {
    // Every member reads the merchant's log; the other merchant's owner gets their own, without A's ids.
    prepare: async () => {
      await liveKey();
      return "/audit/export";
    },
    expect: { signedOut: 401, otherOwner: 200, viewer: 200, developer: 200, support: 200, owner: 200 },
    hidden: () => [...merchantAIds],
  },
  // Health checks are public and carry nothing of any merchant.
  "GET /api/health": {
    prepare: async () => "/api/health",
    expect: { signedOut: 200, otherOwner: 200, viewer: 200, developer: 200, support: 200, owner: 200 },
    hidden: () => [...merchantAIds],
  },
  "GET /api/health/ready": {
    prepare: async () => "/api/health/ready",
    expect: { signedOut: 200, otherOwner: 200, viewer: 200, developer: 200, support: 200, owner: 200 },
    hidden: () => [...merchantAIds],
  },
  "GET /api/ready": {
    prepare: async () => "/api/ready",
    expect: { signedOut: 200, otherOwner: 200, viewer: 200, developer: 200, support: 200, owner: 200 },
    hidden: () => [...merchantAIds],
  },
  "GET /keys/{keyId}/traffic": {
    prepare: async () => `/keys/${(await liveKey()).id}/traffic`,
    expect: { signedOut: 401, otherOwner: 404, viewer: 200, developer: 200, support: 200, owner: 200 },
  },
};

async function routeCell(row: string, spec: RouteSpec, actor: SessionActor, expected: number) {
  const pathname = await spec.prepare();
  const [method] = row.split(" ");
  const { value: res, changed } = await unchangedAround(expected >= 400, () => sessions[actor].request(pathname, { method }));
  const problems: string[] = [];
  if (changed.length) problems.push(`changed ${changed.join(", ")}`);
  if (SECRET.test(res.text)) problems.push("the answer carries a key secret");
  if (actor === "otherOwner" && spec.hidden) {
    const leaked = spec.hidden().filter((id) => res.text.includes(id));
    if (leaked.length) problems.push(`response shows ${leaked.slice(0, 3).join(", ")}`);
  }
  recordCell(row, SESSION_ACTOR_LABELS[actor], String(res.res.status), String(expected), problems);
}

/** "METHOD /path/{param}" for each method a route handler exports. */
async function routeOperations(route: string): Promise<string[]> {
  const methods = await routeMethods(baseUrl, route.replace(/\[(\.\.\.)?[^\]]+\]/g, "x"));
  if (!methods) return [`? ${route} (no Allow header)`];
  return methods.map((m) => `${m} ${route.replace(/\[([^\]]+)\]/g, "{$1}")}`);
}

function outcomeOf(res: ActionResponse): string {
  const r = res.result as { ok?: unknown; code?: unknown; error?: unknown } | undefined;
  if (res.redirect) return "redirect";
  if (r && typeof r === "object") {
    if (r.ok === true) return "ok";
    if (typeof r.code === "string") return r.code;
    if (r.ok === false || typeof r.error === "string") return "refused";
  }
  return `HTTP ${res.status}`;
}

// ---------------------------------------------------------------------------
// The run

/** A plaintext API key secret (publishable keys' values are public and not matched). */
const SECRET = /(sk|rk)_(test|live)_[0-9A-Za-z]{20,}/;

type Cell = { row: string; column: string; got: string; expected: string; problems: string[] };
const cells: Cell[] = [];

function recordCell(row: string, column: string, got: string, expected: string, problems: string[]) {
  const matches = expected === "blocked" ? got !== "ok" && got !== "redirect" : got === expected;
  if (!matches) problems.unshift(`expected ${expected}, got ${got}`);
  cells.push({ row, column, got, expected, problems });
}

async function unchangedAround<T>(refused: boolean, run: () => Promise<T>): Promise<{ value: T; changed: string[] }> {
  const before = refused ? await fingerprint(s.db) : null;
  const value = await run();
  const changed = before ? changedTables(before, await fingerprint(s.db)) : [];
  return { value, changed };
}

async function restCell(
  row: string,
  op: RestOp,
  actor: RestActor,
  expected: number,
  prepared: Prepared,
  unauthorizedBodies: Map<string, string>,
  /** The row whose 401 this one must equal (a variant's operation). */
  sameAs = row,
) {
  const key = prepared.key !== undefined && prepared.key !== null ? prepared.key : await restKey(actor, op);
  const headers: Record<string, string> = { ...(key ? { authorization: `Bearer ${key}` } : {}), ...prepared.headers };
  let body: string | undefined;
  if (prepared.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(prepared.body);
    // Own properties named like Object.prototype's members must be refused as unknown fields, not crash.
    if (actor === "unknownField") body = body.replace(/^\{/, body === "{}" ? '{"constructor":{}' : '{"constructor":{},');
  }
  const [method] = row.split(" ");
  const { value: res, changed } = await unchangedAround(expected >= 400, async () => {
    const r = await fetch(`${baseUrl}${prepared.path}`, { method, headers, body });
    return { status: r.status, text: await r.text() };
  });
  const problems: string[] = [];
  if (changed.length) problems.push(`changed ${changed.join(", ")}`);
  if (expected === 401 && res.status === 401) {
    // Whatever was presented, a refused key gets the same answer: nothing to tell the cases apart.
    const first = unauthorizedBodies.get(sameAs);
    if (first === undefined) unauthorizedBodies.set(sameAs, res.text);
    else if (first !== res.text) problems.push("401 body differs from the no-key 401");
  }
  // Secrets are returned by the calls that create them, and only those: never by a refusal or a read.
  if ((expected >= 400 || method === "GET") && !op.examples && SECRET.test(res.text)) problems.push("the answer carries a key secret");
  if ((actor === "otherEnv" || actor === "otherMerchant") && op.hidden) {
    const leaked = op.hidden(prepared).filter((id) => res.text.includes(id));
    if (leaked.length) problems.push(`response shows ${leaked.join(", ")}`);
  }
  recordCell(row, REST_ACTOR_LABELS[actor], String(res.status), String(expected), problems);
}

async function actionCell(row: string, ref: ServerActionRef, actor: SessionActor, expected: Outcome, args: ActionArgs, mayChange = false) {
  const refused = expected !== "ok" && !mayChange;
  const { value: res, changed } = await unchangedAround(refused, () =>
    actor === "crossSite" ? sessions.owner.action(ref, args, { origin: FOREIGN_ORIGIN }) : sessions[actor].action(ref, args),
  );
  const problems: string[] = [];
  if (changed.length) problems.push(`changed ${changed.join(", ")}`);
  const mayReveal = expected === "ok" && ACTIONS[ref.key]?.revealsSecret === true;
  if (!mayReveal && SECRET.test(res.text)) problems.push("the answer carries a key secret");
  recordCell(row, SESSION_ACTOR_LABELS[actor], outcomeOf(res), expected, problems);
}

/** Signs the support user in and starts an impersonation of merchant A the way the console does. */
async function impersonate(): Promise<DashboardSession> {
  const staff = await DashboardSession.signIn(baseUrl, STAFF.email, STAFF.password);
  const start = actions.find((a) => a.key === "app/(support)/support/actions.ts#startImpersonationAction");
  if (!start) throw new Error("startImpersonationAction is missing from the build");
  // The console posts this form from /support; the action re-issues the session cookie on success.
  const res = await staff.action(
    { ...start, page: "/support" },
    { state: {}, form: { merchantId: merchantA.id, reason: "Security matrix: checking refused calls", password: STAFF.password } },
    { keepCookies: true },
  );
  if (res.redirect !== "/keys") throw new Error(`Starting impersonation failed: HTTP ${res.status} ${JSON.stringify(res.result)}`);
  return staff;
}

beforeAll(async () => {
  s = await loadServices();
  const a = await makeUsers("Matrix A", ["owner", "developer", "viewer"]);
  const b = await makeUsers("Matrix B", ["owner"]);
  merchantA = { id: a.merchant.id, owner: a.actors.owner, developer: a.actors.developer };
  merchantB = { id: b.merchant.id, owner: b.actors.owner };

  callerKeys.secret = (await newKey(merchantA.owner, { type: "secret", environment: "test" })).secret;
  callerKeys.publishable = (await newKey(merchantA.owner, { type: "publishable", environment: "test" })).secret;
  callerKeys.noScope = (await newKey(merchantA.owner, { type: "restricted", environment: "test", permissions: ["charges:write"] })).secret;
  callerKeys.otherEnv = (await newKey(merchantA.owner, { type: "secret", environment: "live" })).secret;
  callerKeys.otherMerchant = (await newKey(merchantB.owner, { type: "secret", environment: "test" })).secret;

  actions = serverActions();
  const handlers = routeHandlers();
  // /api/auth is next-auth's own sign-in protocol (every session here goes through it); the
  // /api/v1 catch-all only answers 404 for paths that are not operations.
  apiRouteOps = (await Promise.all(handlers.filter((r) => r.startsWith("/api/v1/") && !r.includes("[...")).map(routeOperations))).flat();
  // Every other route handler (dashboard pages' handlers, health checks, …) is a dashboard route here.
  dashboardRoutes = (
    await Promise.all(handlers.filter((r) => !r.startsWith("/api/v1/") && !r.startsWith("/api/auth/")).map(routeOperations))
  ).flat();
  openapi = (await (await fetch(`${baseUrl}/api/v1/openapi.json`)).json()) as typeof openapi;

  sessions.signedOut = new DashboardSession(baseUrl, "signed out");
  sessions.owner = await DashboardSession.signIn(baseUrl, a.actors.owner.label, PASSWORD);
  sessions.developer = await DashboardSession.signIn(baseUrl, a.actors.developer.label, PASSWORD);
  sessions.viewer = await DashboardSession.signIn(baseUrl, a.actors.viewer.label, PASSWORD);
  sessions.otherOwner = await DashboardSession.signIn(baseUrl, b.actors.owner.label, PASSWORD);
  sessions.support = await impersonate();
  // Another site's page posting with the owner's cookies (a browser would attach them to a top-level POST).
  sessions.crossSite = sessions.owner;
});

function restOperations(): string[] {
  return Object.entries(openapi.paths).flatMap(([p, item]) =>
    Object.keys(item)
      .filter((m) => ["get", "post", "put", "patch", "delete", "head", "options", "trace"].includes(m))
      .map((m) => `${m.toUpperCase()} ${p}`),
  );
}

describe("security matrix", () => {
  it("has an expectation for every operation in the OpenAPI document, and none for operations that are gone", () => {
    const found = restOperations();
    expect(found.filter((op) => !(op in REST_OPS)), "operations without expectations").toEqual([]);
    expect(Object.keys(REST_OPS).filter((op) => !found.includes(op)), "expectations for missing operations").toEqual([]);
  });

  it("describes every method of every /api/v1 route handler in the OpenAPI document", () => {
    const documented = restOperations();
    expect(apiRouteOps.length).toBeGreaterThan(0);
    expect(apiRouteOps.filter((op) => !documented.includes(op)), "route handlers missing from the OpenAPI document").toEqual([]);
  });

  it("has an expectation for every dashboard route handler, and none for routes that are gone", () => {
    expect(dashboardRoutes.filter((op) => !(op in DASHBOARD_ROUTES)), "route handlers without expectations").toEqual([]);
    expect(Object.keys(DASHBOARD_ROUTES).filter((op) => !dashboardRoutes.includes(op)), "expectations for missing routes").toEqual([]);
  });

  it("has an expectation for every server action in the build, and none for actions that are gone", () => {
    const found = actions.map((a) => a.key);
    expect(found.filter((k) => !(k in ACTIONS)), "server actions without expectations").toEqual([]);
    expect(Object.keys(ACTIONS).filter((k) => !found.includes(k)), "expectations for missing server actions").toEqual([]);
  });

  it("answers every operation as the policy says, and a refusal changes nothing", { timeout: 240_000 }, async () => {
    const unauthorizedBodies = new Map<string, string>();
    for (const row of restOperations().filter((op) => op in REST_OPS)) {
      const op = REST_OPS[row]!;
      for (const actor of REST_ACTORS) {
        const expected = op.expect[actor];
        if (expected === undefined) continue;
        if (actor === "unknownField" && !/^(POST|PATCH|PUT) /.test(row)) continue;
        const prepared = await op.prepare(actor);
        for (const id of idsIn(prepared)) (id.startsWith("key_") ? testKeyIds : testAppIds).add(id);
        await restCell(row, op, actor, expected, prepared, unauthorizedBodies);
      }
    }
    for (const v of REST_VARIANTS) {
      await restCell(v.label, REST_OPS[v.op]!, v.actor, v.status, await v.prepare(), unauthorizedBodies, v.op);
    }

    for (const row of dashboardRoutes.filter((r) => r in DASHBOARD_ROUTES)) {
      const spec = DASHBOARD_ROUTES[row]!;
      for (const actor of SESSION_ACTORS) {
        const expected = spec.expect[actor];
        if (expected === undefined) continue;
        await routeCell(row, spec, actor, expected);
      }
    }

    const known = actions.filter((a) => a.key in ACTIONS);
    for (const [phase, refs] of [
      ["first", known.filter((a) => !ACTIONS[a.key]!.last)],
      ["last", known.filter((a) => ACTIONS[a.key]!.last)],
    ] as const) {
      if (phase === "last") {
        for (const v of ACTION_VARIANTS) {
          const ref = actions.find((a) => a.key === v.action)!;
          await actionCell(v.label, ref, v.actor, v.outcome, await v.args());
        }
      }
      for (const ref of refs) await actionRow(ref);
    }

    const failing = cells.filter((c) => c.problems.length).map((c) => `${c.row} × ${c.column}: ${c.problems.join("; ")}`);
    expect(failing).toEqual([]);
  });
});

async function actionRow(ref: ServerActionRef) {
      const spec = ACTIONS[ref.key]!;
      const row = `${ref.exportedName} (${ref.module.replace(/^app\//, "")})`;
      // The impersonating session goes last within an action that ends sessions.
      const order = spec.last ? [...SESSION_ACTORS.filter((a) => a !== "support"), "support" as const] : SESSION_ACTORS;
      for (const actor of order) {
        const expected = spec.expect[actor];
        if (expected === undefined) continue;
        await actionCell(row, ref, actor, expected, await spec.args(actor), spec.mayChange?.includes(actor) ?? false);
      }
}

afterAll(() => {
  if (cells.length === 0) return;
  const table = (columns: string[], rows: string[]) => {
    const lines = [`| operation | ${columns.join(" | ")} |`, `|---|${columns.map(() => "---").join("|")}|`];
    for (const row of rows) {
      const values = columns.map((col) => {
        const c = cells.find((x) => x.row === row && x.column === col);
        if (!c) return "—";
        if (!c.problems.length) return c.got;
        const notes = c.problems.filter((p) => !p.startsWith("expected "));
        return `**${c.got} ✗** (want ${c.expected}${notes.length ? `; ${notes.join("; ")}` : ""})`;
      });
      lines.push(`| ${row} | ${values.join(" | ")} |`);
    }
    return lines.join("\n");
  };
  const rowsOf = (columns: string[]) => [...new Set(cells.filter((c) => columns.includes(c.column)).map((c) => c.row))];
  const restColumns = REST_ACTORS.map((a) => REST_ACTOR_LABELS[a]);
  const sessionColumns = SESSION_ACTORS.map((a) => SESSION_ACTOR_LABELS[a]);
  const failing = cells.filter((c) => c.problems.length);
  const markdown = [
    "# Security matrix",
    "",
    `${cells.length} cells, ${failing.length} failing. REST: status per caller; server actions: result code per session.`,
    "",
    "## REST API (/api/v1)",
    "",
    table(restColumns, rowsOf(restColumns)),
    "",
    "## Dashboard: route handlers and server actions (result code per session)",
    "",
    table(sessionColumns, rowsOf(sessionColumns)),
    "",
    "## Failing cells",
    "",
    ...(failing.length ? failing.map((c) => `- ${c.row} × ${c.column}: ${c.problems.join("; ")}`) : ["none"]),
    "",
  ].join("\n");
  console.log(markdown);
  const dir = path.resolve(import.meta.dirname, "..", "..", "reports");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "security-matrix.md"), markdown);
});
