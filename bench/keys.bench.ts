/**
 * The hot paths over real HTTP, against the production build (`npm run
 * build` first), on a fresh SQLite database with 10,000 keys:
 *
 *   npm run bench                 full rounds (10 s each, 50 connections)
 *   npm run bench -- --quick      CI smoke: 2 s rounds, fails on any error
 *   npm run bench -- --soak 300   then 300 s more of verify/whoami, RSS sampled
 *   BENCH_CPU_PROF=prof npm run bench -- --only verify   CPU profile of the server (health + one row)
 *
 * Prints one table, the same way every run. Numbers are bounded by the
 * machine: compare the ratios to /api/health (the same server answering a
 * route that does nothing) rather than absolute req/s across machines.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";
import autocannon from "autocannon";
import { hasProductionBuild, memoryOf, startServer } from "./server";

const { values: args } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    soak: { type: "string" },
    connections: { type: "string" },
    /** Runs only the rows whose label contains this text (for profiling one path). */
    only: { type: "string" },
    /** Seeds, starts the server and waits (Ctrl-C stops it): for load and profiles by hand. */
    serve: { type: "boolean", default: false },
  },
});
const QUICK = args.quick;
const ROUND_S = QUICK ? 2 : 10;
const WARMUP_S = QUICK ? 1 : 2;
const CONNECTIONS = Number(args.connections ?? 50);
/** Pages render a whole dashboard; fewer connections keep their latency readable. */
const PAGE_CONNECTIONS = 10;
const KEYS = 10_000;
const IN_USE = 1_000;
const CREATE = QUICK ? 200 : 1_000;
const SOAK_S = Number(args.soak ?? 0);

if (!hasProductionBuild()) {
  console.error("npm run bench needs a production build with its gateway bundle: run `npm run build` first.");
  process.exit(1);
}

const dir = path.join(os.tmpdir(), `keyward-bench-${process.pid}`);
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "bench.db");
const env: Record<string, string> = {
  DATABASE_URL: `file:${file}`,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  AUTH_TRUST_HOST: "true",
  KEYWARD_HASH_SECRETS: `b1:${randomBytes(32).toString("base64")}`,
  KEYWARD_MASTER_KEYS: `bm1:${randomBytes(32).toString("base64")}`,
  // The limiters still count every request; raised so the rounds measure the work, not 429s.
  KEYWARD_RATE_LIMIT_PER_KEY: "1000000000",
  KEYWARD_RATE_LIMIT_PER_IP: "1000000000",
};
Object.assign(process.env, env);

const { applyMigrations } = await import("../scripts/migrate");
await applyMigrations(env.DATABASE_URL);
const { seedDemo, DEMO_PASSWORD } = await import("../prisma/seed");
const { db } = await import("../lib/db");
const { newId } = await import("../lib/ids");
const { generateKey, displayPrefix } = await import("../lib/api-keys/format");
const { hashKey } = await import("../lib/api-keys/hash");
const { createApiKey } = await import("../lib/api-keys/service");
const { ALL_SCOPES } = await import("../lib/permissions");
const { mintVerifierToken } = await import("../lib/gateway/verifier-tokens");
const { DashboardSession } = await import("../tests/support/dashboard-session");
type UserActor = import("../lib/auth/actor").UserActor;

// ---- data: Acme holds 10,000 keys (1,000 of them used in the rounds), Globex 10.
await seedDemo({ reset: true });
const merchantNamed = (name: string) => db.merchant.findFirstOrThrow({ where: { name } });
const ownerOf = async (merchantId: string): Promise<UserActor> => {
  const m = await db.membership.findFirstOrThrow({ where: { merchantId, role: "owner" } });
  return { kind: "user", userId: m.userId, label: "bench", merchantId, role: "owner", ip: null, verifiedAt: new Date(8.64e15) };
};
const acme = await merchantNamed("Acme Payments");
const globex = await merchantNamed("Globex");

async function insertKeys(merchantId: string, count: number, keepSecrets: number): Promise<string[]> {
  const kept: string[] = [];
  const permissions = JSON.stringify(ALL_SCOPES);
  for (let start = 0; start < count; start += 1000) {
    const rows = Array.from({ length: Math.min(1000, count - start) }, (_, j) => {
      const i = start + j;
      const secret = generateKey("secret", "test");
      if (i < keepSecrets) kept.push(secret);
      const { hash, version } = hashKey(secret);
      const name = `Key ${i}`;
      return {
        id: newId("key"),
        merchantId,
        name,
        type: "secret",
        environment: "test",
        permissions,
        prefix: displayPrefix(secret),
        searchText: `${name} ${displayPrefix(secret)}`.toLowerCase(),
        secretHash: hash,
        hashVersion: version,
        createdAt: new Date(Date.now() - (count - i) * 1000),
        // Some history: a seventh of the keys not in use are revoked.
        revokedAt: i >= keepSecrets && i % 7 === 0 ? new Date() : null,
      };
    });
    await db.apiKey.createMany({ data: rows });
  }
  return kept;
}

const acmeOwner = await ownerOf(acme.id);
const globexOwner = await ownerOf(globex.id);
const inUse = await insertKeys(acme.id, KEYS - 1, IN_USE);
const acmeKey = (await createApiKey(acmeOwner, { name: "Bench hot key", type: "secret", environment: "test" }, "response")).secret;
await insertKeys(globex.id, 9, 0);
const globexKey = (await createApiKey(globexOwner, { name: "Bench key", type: "secret", environment: "test" }, "response")).secret;
const verifier = mintVerifierToken("bench");
env.KEYWARD_VERIFIER_TOKENS = verifier.entry;

// ---- rounds
type Row = { label: string; connections: number; rps: number; p50: number; p99: number; bad: number; unit?: string };
const rows: Row[] = [];
let failures = 0;

/** One request, or several that each connection sends in turn (e.g. one per key in use). */
type Round = { method?: "GET" | "POST"; path: string; headers?: (i: number) => Record<string, string>; body?: (i: number) => string; variants?: number };

async function measure(baseUrl: string, round: Round, seconds: number, connections: number) {
  // Built up front: the load generator shares the machine, so it does as little per request as it can.
  const requests = Array.from({ length: round.variants ?? 1 }, (_, i) => ({
    method: round.method ?? "GET",
    path: round.path,
    headers: { ...round.headers?.(i), ...(round.body ? { "content-type": "application/json" } : {}) },
    ...(round.body ? { body: round.body(i) } : {}),
  }));
  const result = await autocannon({ url: baseUrl, connections, duration: seconds, requests });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    bad: result.non2xx + result.errors + result.timeouts,
  };
}

async function row(baseUrl: string, label: string, round: Round, connections = CONNECTIONS) {
  if (args.only && !label.includes(args.only) && rows.length > 0) return;
  await measure(baseUrl, round, WARMUP_S, connections);
  const r = await measure(baseUrl, round, ROUND_S, connections);
  rows.push({ label, connections, ...r });
  if (r.bad > 0) failures++;
}

const bearer = (key: string) => () => ({ authorization: `Bearer ${key}` });
const rotating = (i: number) => inUse[i % inUse.length]!;
const whoami1000: Round = { path: "/api/v1/whoami", headers: (i) => ({ authorization: `Bearer ${rotating(i)}` }), variants: IN_USE };
const verify1000: Round = {
  method: "POST",
  path: "/api/v1/keys/verify",
  headers: bearer(verifier.token),
  body: (i) => JSON.stringify({ key: rotating(i), permissions: ["charges:write"], ip: "203.0.113.7" }),
  variants: IN_USE,
};

/** What the rounds rely on, checked before they run: a wrong answer at high speed measures nothing. */
async function sanityCheck(baseUrl: string) {
  const who = await fetch(`${baseUrl}/api/v1/whoami`, { headers: { authorization: `Bearer ${inUse[1]}` } });
  if (who.status !== 200) throw new Error(`whoami answered ${who.status}`);
  const verified = await fetch(`${baseUrl}/api/v1/keys/verify`, {
    method: "POST",
    headers: { authorization: `Bearer ${verifier.token}`, "content-type": "application/json" },
    body: verify1000.body!(2),
  });
  const body = (await verified.json()) as { valid?: boolean; code?: string };
  if (!body.valid) throw new Error(`verify answered ${verified.status} ${JSON.stringify(body)}`);
}

const server = await startServer(env);
if (args.serve) {
  console.log(JSON.stringify({ baseUrl: server.baseUrl, pid: server.pid, key: acmeKey, inUse: inUse.slice(0, 3), verifierToken: verifier.token }));
  await new Promise<void>((resolve) => process.once("SIGINT", resolve));
  await server.stop();
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
}
const soak: { at: number; rssMb: number }[] = [];
let memory: ReturnType<typeof memoryOf> = null;
try {
  const base = server.baseUrl;
  await sanityCheck(base);
  const acmeSession = await DashboardSession.signIn(base, "owner@acme.test", DEMO_PASSWORD);
  const globexSession = await DashboardSession.signIn(base, "owner@globex.test", DEMO_PASSWORD);
  const cookie = (s: InstanceType<typeof DashboardSession>) => () => ({
    cookie: [...s.cookies].filter(([, v]) => v).map(([k, v]) => `${k}=${v}`).join("; "),
  });

  await row(base, "GET /api/health (no key: the floor)", { path: "/api/health" });
  await row(base, "GET /api/v1/whoami, 1 key", { path: "/api/v1/whoami", headers: bearer(acmeKey) });
  await row(base, `GET /api/v1/whoami, ${IN_USE.toLocaleString("en")} of ${KEYS.toLocaleString("en")} keys`, whoami1000);
  await row(base, `POST /api/v1/keys/verify, ${IN_USE.toLocaleString("en")} of ${KEYS.toLocaleString("en")} keys`, verify1000);
  await row(base, "keys page, 10 keys", { path: "/keys", headers: cookie(globexSession) }, PAGE_CONNECTIONS);
  await row(base, `keys page, ${KEYS.toLocaleString("en")} keys`, { path: "/keys", headers: cookie(acmeSession) }, PAGE_CONNECTIONS);
  await row(base, "GET /api/v1/api-keys, 10 keys", { path: "/api/v1/api-keys", headers: bearer(globexKey) }, PAGE_CONNECTIONS);
  await row(base, `GET /api/v1/api-keys, ${KEYS.toLocaleString("en")} keys`, { path: "/api/v1/api-keys", headers: bearer(acmeKey) }, PAGE_CONNECTIONS);
  await sanityCheck(base);

  for (const started = performance.now(); SOAK_S > 0 && performance.now() - started < SOAK_S * 1000; ) {
    await measure(base, verify1000, 10, CONNECTIONS);
    await measure(base, whoami1000, 10, CONNECTIONS);
    soak.push({ at: Math.round((performance.now() - started) / 1000), rssMb: memoryOf(server.pid)?.rssMb ?? NaN });
  }
  // Settle: what the server keeps once the load stops (buffers flushed, garbage collected as it would be).
  await new Promise((r) => setTimeout(r, 3000));
  memory = memoryOf(server.pid);
} finally {
  await server.stop();
}

// Creating keys through the service, as the dashboard and API do (with the server stopped).
const creator = await db.merchant.create({ data: { id: newId("mer"), name: "Bench creator" } });
const creatorOwner = await db.user.create({ data: { id: newId("usr"), email: `bench-${creator.id}@example.test`, name: "Bench", passwordHash: "x" } });
await db.membership.create({ data: { id: newId("mem"), userId: creatorOwner.id, merchantId: creator.id, role: "owner" } });
const creatorActor = await ownerOf(creator.id);
const t0 = performance.now();
for (let i = 0; i < CREATE; i++) await createApiKey(creatorActor, { name: `Created ${i}`, type: "secret", environment: "test" }, "response");
const createSeconds = (performance.now() - t0) / 1000;
await db.$disconnect();
rmSync(dir, { recursive: true, force: true });

// ---- the table
const health = rows[0]!;
const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits }) : "n/a");
const lines = [
  `Keyward bench${QUICK ? " (quick)" : ""}: ${ROUND_S} s rounds after ${WARMUP_S} s warm-up, loopback, SQLite, ${os.cpus().length} CPUs, Node ${process.versions.node}`,
  "",
  "| row | conns | req/s | p50 ms | p99 ms | req/s vs health | p99 vs health | non-2xx/errors |",
  "|---|--:|--:|--:|--:|--:|--:|--:|",
  ...rows.map(
    (r) =>
      `| ${r.label} | ${r.connections} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r === health || r.connections !== health.connections ? "" : fmt(r.rps / health.rps, 2)} | ${r === health || r.connections !== health.connections ? "" : fmt(r.p99 / Math.max(1, health.p99), 2)} | ${r.bad} |`,
  ),
  `| creating ${fmt(CREATE)} keys through the service (sequential) | 1 | ${fmt(CREATE / createSeconds)} keys/s | | | | | 0 |`,
  `| server RSS after the run (peak) | | ${memory ? `${fmt(memory.rssMb)} MB (${fmt(memory.peakMb)} MB)` : "n/a"} | | | | | |`,
];
const byLabel = (prefix: string) => rows.filter((r) => r.label.startsWith(prefix));
for (const [name, pair] of [
  ["keys page", byLabel("keys page")],
  ["GET /api/v1/api-keys", byLabel("GET /api/v1/api-keys")],
] as const) {
  if (pair.length === 2) lines.push("", `${name}: 10 keys ÷ ${fmt(KEYS)} keys req/s = ${fmt(pair[0]!.rps / pair[1]!.rps, 2)}`);
}
if (soak.length) lines.push("", `soak (s → RSS MB): ${soak.map((s) => `${s.at}→${fmt(s.rssMb)}`).join(", ")}`);
console.log(lines.join("\n"));
if (QUICK && failures > 0) {
  console.error(`\n${failures} round(s) had non-2xx answers or errors.`);
  process.exit(1);
}
