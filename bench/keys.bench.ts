/**
 * Benchmarks the two hot paths with a merchant holding 10,000 keys:
 * listing pages of keys (first, deep, search, status filter) and
 * authenticating a key, in-process and over HTTP against the production
 * build when one exists. Loopback only; bounded in count and time.
 *
 *   npm run bench
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";

const KEYS = Number(process.env.BENCH_KEYS ?? 10_000);
const dir = path.join(os.tmpdir(), "keyward-bench");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, "bench.db");
for (const s of ["", "-wal", "-shm"]) rmSync(file + s, { force: true });
Object.assign(process.env, {
  DATABASE_URL: `file:${file}`,
  AUTH_SECRET: randomBytes(32).toString("base64url"),
  KEYWARD_HASH_SECRETS: `b1:${randomBytes(32).toString("base64")}`,
  KEYWARD_MASTER_KEYS: `bm1:${randomBytes(32).toString("base64")}`,
});

const { applyMigrations } = await import("../scripts/migrate");
await applyMigrations(process.env.DATABASE_URL);
const { db } = await import("../lib/db");
const { newId } = await import("../lib/ids");
const { generateKey, displayPrefix } = await import("../lib/api-keys/format");
const { hashKey } = await import("../lib/api-keys/hash");
const { listApiKeys, createApiKey } = await import("../lib/api-keys/service");
const { authenticateApiKey } = await import("../lib/api-keys/authenticate");
const { flushKeyUsage } = await import("../lib/api-keys/usage");

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  return { p50: q(0.5).toFixed(2), p95: q(0.95).toFixed(2), max: sorted.at(-1)!.toFixed(2) };
}

async function time(label: string, runs: number, fn: () => Promise<unknown>) {
  await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  console.log(`${label.padEnd(44)} ms  ${JSON.stringify(stats(samples))}`);
}

const merchant = await db.merchant.create({ data: { id: newId("mer"), name: "Bench" } });
const actor = { kind: "user" as const, userId: "usr_bench", label: "bench", merchantId: merchant.id, role: "owner" as const, verifiedAt: new Date() };
console.log(`Seeding ${KEYS} keys…`);
const t0 = performance.now();
for (let start = 0; start < KEYS; start += 1000) {
  const rows = Array.from({ length: Math.min(1000, KEYS - start) }, (_, i) => {
    const secret = generateKey(i % 10 === 0 ? "restricted" : "secret", "test");
    const { hash, version } = hashKey(secret);
    const name = `Key ${start + i}`;
    return {
      id: newId("key"),
      merchantId: merchant.id,
      name,
      type: i % 10 === 0 ? "restricted" : "secret",
      environment: "test",
      permissions: "[]",
      prefix: displayPrefix(secret),
      searchText: `${name} ${displayPrefix(secret)}`.toLowerCase(),
      secretHash: hash,
      hashVersion: version,
      createdAt: new Date(Date.now() - (KEYS - start - i) * 1000),
      revokedAt: i % 7 === 0 ? new Date() : null,
    };
  });
  await db.apiKey.createMany({ data: rows });
}
console.log(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);

await time("list: first page (25)", 50, () => listApiKeys(actor, { environment: "test" }));
await time("list: page 200 (offset 4,975)", 50, () => listApiKeys(actor, { environment: "test", page: 200 }));
await time("list: search by name", 50, () => listApiKeys(actor, { environment: "test", q: "key 99" }));
await time("list: status=revoked", 50, () => listApiKeys(actor, { environment: "test", status: "revoked" }));
await time("list: status=active, page 100", 50, () => listApiKeys(actor, { environment: "test", status: "active", page: 100 }));

const { secret } = await createApiKey(actor, { name: "Hot key", type: "secret", environment: "test" }, "response");
const N = 5000;
const t1 = performance.now();
for (let i = 0; i < N; i++) await authenticateApiKey(secret, { ip: "127.0.0.1" });
const elapsed = performance.now() - t1;
await flushKeyUsage();
console.log(`${"authenticate (in-process, sequential)".padEnd(44)} ${(N / (elapsed / 1000)).toFixed(0)} req/s, ${((elapsed / N) * 1000).toFixed(0)} µs each`);
await time("authenticate: unknown key (checksum-valid)", 200, () => authenticateApiKey(generateKey("secret", "test"), { ip: null }));

const distDir = process.env.NEXT_DIST_DIR || ".next";
if (existsSync(path.join(distDir, "BUILD_ID"))) {
  const port = 3900 + Math.floor(Math.random() * 90);
  const server = spawn(process.execPath, ["scripts/serve.mjs"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", KEYWARD_RATE_LIMIT_PER_KEY: "10000000", KEYWARD_RATE_LIMIT_PER_IP: "10000000" },
    stdio: "ignore",
  });
  try {
    const url = `http://127.0.0.1:${port}/api/v1/whoami`;
    for (let i = 0; i < 120; i++) {
      try {
        if ((await fetch(url)).status === 401) break;
      } catch {
        /* starting */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const { default: autocannon } = await import("autocannon");
    const result = await autocannon({ url, connections: 10, duration: 10, headers: { authorization: `Bearer ${secret}` } });
    console.log(
      `${"GET /api/v1/whoami over HTTP (10 conns, 10 s)".padEnd(44)} ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}`,
    );
  } finally {
    server.kill("SIGTERM");
  }
} else {
  console.log("(no production build: run npm run build to include the HTTP benchmark)");
}
await db.$disconnect();
