/**
 * The scenarios of `npm run test:load`, in order. Each states what it checks
 * and prints its figures. They run against two instances (a, b) of the
 * production build on one PostgreSQL server, reached directly (the tests act
 * as the load balancer, so they decide which instance serves what).
 */
import { readFileSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import path from "node:path";
import type { AppInstance } from "../../scripts/cluster/instances.mjs";
import type { PrivatePostgres } from "../../scripts/cluster/postgres.mjs";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/service";
import type { UserActor } from "@/lib/auth/actor";
import { DashboardSession, serverActions } from "../support/dashboard-session";
import { makeMerchant } from "../support/fixtures";
import { call, countBy, percentile, pool, sleep, type Call } from "./http";
import { check, figure, scenario } from "./report";

type Context = { a: AppInstance; b: AppInstance; server: PrivatePostgres; quick: boolean; workDir: string };

let owner: UserActor;
let merchantId: string;
/** Every plaintext secret the run saw: none may appear in a log line. */
const seenSecrets = new Set<string>();

async function newKey(name: string): Promise<{ id: string; secret: string }> {
  const { key, secret } = await createApiKey(owner, { name, type: "secret", environment: "test" }, "response");
  seenSecrets.add(secret);
  return { id: key.id, secret };
}

const ipOf = (group: number, n: number) => `10.${group}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
const flushWait = () => sleep(2500);

async function usageOf(keyIds: string[]): Promise<number> {
  const rows = await db.apiKeyUsage.findMany({ where: { keyId: { in: keyIds } }, select: { count: true } });
  return rows.reduce((sum, r) => sum + r.count, 0);
}

function rssKb(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  } catch {
    return 0;
  }
}

const problemJson = (c: Call) => (c.headers.get("content-type") ?? "").startsWith("application/problem+json");
const fmt = (ms: number) => `${Math.round(ms)} ms`;

// ---------------------------------------------------------------------------

async function sharedState({ a, b }: Context) {
  scenario("two instances, one database", "limits, idempotency, revocation, reveals and usage hold across both instances");
  const both = [a, b];

  // Rate limit per key (300 a minute): 320 requests alternating between the instances.
  const limited = await newKey("load rate limit");
  const results = await pool(320, 16, (i) => call(both[i % 2]!.url, "GET", "/api/v1/whoami", { key: limited.secret, ip: ipOf(11, 0) }));
  const byStatus = countBy(results, (r) => r.status);
  check(
    "a key's rate limit is counted across both instances",
    byStatus["200"] === 300 && byStatus["429"] === 20,
    `320 requests split a/b → ${byStatus["200"] ?? 0} × 200, ${byStatus["429"] ?? 0} × 429 (limit 300/min; per-process counting would allow 320)`,
  );
  const refused = results.find((r) => r.status === 429);
  check("a refusal says when to retry", Boolean(refused?.headers.get("retry-after")), `Retry-After: ${refused?.headers.get("retry-after")} s`);

  // Idempotency-Key: created through a, replayed through b, concurrent duplicates run once.
  const admin = await newKey("load admin");
  const idem = randomUUID();
  const body = { name: `idem ${idem.slice(0, 8)}`, type: "secret", environment: "test" };
  const first = await call(a.url, "POST", "/api/v1/api-keys", { key: admin.secret, ip: ipOf(12, 0), body, idempotencyKey: idem });
  const replay = await call(b.url, "POST", "/api/v1/api-keys", { key: admin.secret, ip: ipOf(12, 0), body, idempotencyKey: idem });
  const firstJson = first.json as { id?: string; secret?: string } | null;
  const replayJson = replay.json as { id?: string; secret?: string | null; secret_already_returned?: boolean } | null;
  if (firstJson?.secret) seenSecrets.add(firstJson.secret);
  check(
    "an Idempotency-Key used on a replays on b",
    first.status === 201 && replay.status === 201 && replayJson?.id === firstJson?.id && replay.headers.get("idempotent-replayed") === "true" && replayJson?.secret === null,
    `a: ${first.status} ${firstJson?.id}; b: ${replay.status} ${replayJson?.id}, replayed=${replay.headers.get("idempotent-replayed")}, secret withheld=${replayJson?.secret === null}`,
  );
  const racing = randomUUID();
  const raceBody = { name: `race ${racing.slice(0, 8)}`, type: "secret", environment: "test" };
  const raced = await pool(20, 20, (i) =>
    call(both[i % 2]!.url, "POST", "/api/v1/api-keys", { key: admin.secret, ip: ipOf(12, 1), body: raceBody, idempotencyKey: racing }),
  );
  for (const r of raced) {
    const s = (r.json as { secret?: string } | null)?.secret;
    if (s) seenSecrets.add(s);
  }
  const created = await db.apiKey.count({ where: { merchantId, name: raceBody.name } });
  check(
    "20 concurrent requests with one Idempotency-Key, split a/b, create one key",
    created === 1 && raced.every((r) => r.status === 201 || r.status === 409),
    `keys created: ${created}; answers ${JSON.stringify(countBy(raced, (r) => r.status))}`,
  );

  // Revocation: revoked through a, refused by b within a second.
  const doomed = await newKey("load revoke");
  const warm = await pool(20, 4, () => call(b.url, "GET", "/api/v1/whoami", { key: doomed.secret, ip: ipOf(13, 0) }));
  const revoke = await call(a.url, "DELETE", `/api/v1/api-keys/${doomed.id}`, { key: admin.secret, ip: ipOf(13, 1) });
  const revokedAt = performance.now();
  let refusedAfter = -1;
  let polls = 0;
  while (performance.now() - revokedAt < 3000) {
    polls++;
    const r = await call(b.url, "GET", "/api/v1/whoami", { key: doomed.secret, ip: ipOf(13, 0) });
    if (r.status === 401) {
      refusedAfter = performance.now() - revokedAt;
      break;
    }
    await sleep(25);
  }
  check(
    "a key revoked through a is refused by b within 1 s",
    warm.every((r) => r.status === 200) && revoke.status === 200 && refusedAfter >= 0 && refusedAfter < 1000,
    `b answered 200 before (${warm.length} calls); revoke on a: ${revoke.status}; b refused after ${refusedAfter < 0 ? "never" : fmt(refusedAfter)} (${polls} polls)`,
  );

  // Reveal once: 50 concurrent reveals of one pending secret, split a/b, from the dashboard.
  const actions = serverActions();
  const createRef = actions.find((r) => r.exportedName === "createKeyAction");
  const revealRef = actions.find((r) => r.exportedName === "revealKeyAction");
  if (!createRef || !revealRef) throw new Error("the build has no createKeyAction/revealKeyAction");
  const onA = await DashboardSession.signIn(a.url, "owner@acme.test", "demo-password-1");
  const onB = new DashboardSession(b.url, "owner@acme.test");
  onB.keep(onA.cookies);
  const made = await onA.action(createRef, [{ name: "load reveal", type: "secret", environment: "test", permissions: [] }]);
  const keyId = (made.result as { ok?: boolean; data?: { id: string } } | null)?.data?.id;
  if (!keyId) throw new Error(`creating a key to reveal failed: ${made.status} ${made.text.slice(0, 300)}`);
  const reveals = await pool(50, 50, (i) => (i % 2 ? onB : onA).action(revealRef, [keyId]));
  const plaintexts = reveals
    .map((r) => (r.result as { ok?: boolean; data?: { secret?: string } } | null)?.data?.secret)
    .filter((s): s is string => typeof s === "string");
  plaintexts.forEach((s) => seenSecrets.add(s));
  check(
    "50 concurrent reveals split a/b give exactly one plaintext",
    plaintexts.length === 1 && reveals.every((r) => r.status === 200),
    `plaintexts: ${plaintexts.length}; HTTP ${JSON.stringify(countBy(reveals, (r) => r.status))}`,
  );

  // Usage: 2,000 authentications over 10 keys and both instances, counted exactly once flushed.
  const keys = await pool(10, 2, (i) => newKey(`load usage ${i}`));
  const started = performance.now();
  const auths = await pool(2000, 32, (i) =>
    call(both[i % 2]!.url, "GET", "/api/v1/whoami", { key: keys[i % 10]!.secret, ip: ipOf(14, i % 10) }),
  );
  const elapsed = performance.now() - started;
  await flushWait();
  const ok200 = auths.filter((r) => r.status === 200).length;
  const counted = await usageOf(keys.map((k) => k.id));
  check(
    "usage counts are exact after 2,000 authentications spread over both",
    ok200 === 2000 && counted === 2000,
    `${ok200} × 200 in ${fmt(elapsed)} (${Math.round((2000 / elapsed) * 1000)}/s, p50 ${fmt(percentile(auths.map((r) => r.ms), 50))}, p99 ${fmt(percentile(auths.map((r) => r.ms), 99))}); recorded uses: ${counted}`,
  );
}

// ---------------------------------------------------------------------------

async function authFlood({ a, b }: Context) {
  scenario("failed authentications from one address", "1,000 bad keys from one IP are limited while real keys from other addresses keep working");
  const both = [a, b];
  const attacker = ipOf(21, 0);
  const real = await pool(5, 2, (i) => newKey(`load flood bystander ${i}`));
  let stop = false;
  const bystanders: Call[] = [];
  const background = Promise.all(
    real.map(async (k, i) => {
      while (!stop) {
        bystanders.push(await call(both[i % 2]!.url, "GET", "/api/v1/whoami", { key: k.secret, ip: ipOf(22, i) }));
        await sleep(20);
      }
    }),
  );
  const junk = () => `sk_test_${randomBytes(30).toString("base64url").replace(/[-_]/g, "x").slice(0, 46)}`;
  const flood = await pool(1000, 20, (i) => call(both[i % 2]!.url, "GET", "/api/v1/whoami", { key: junk(), ip: attacker }));
  stop = true;
  await background;
  const byStatus = countBy(flood, (r) => r.status);
  // Each failure costs 10 of the IP's 600 a minute: about 60 get as far as checking a key (a few more
  // while 20 concurrent requests pass the budget check before their penalties land).
  check(
    "the attacking address is limited",
    (byStatus["401"] ?? 0) <= 80 && (byStatus["429"] ?? 0) >= 920,
    `1,000 attempts → ${byStatus["401"] ?? 0} × 401 (checked), ${byStatus["429"] ?? 0} × 429 (refused); other statuses: ${JSON.stringify(byStatus)}`,
  );
  const good = bystanders.filter((r) => r.status === 200).length;
  check(
    "real keys from other addresses keep working meanwhile",
    good === bystanders.length && good > 0,
    `${good}/${bystanders.length} × 200, p99 ${fmt(percentile(bystanders.map((r) => r.ms), 99))}`,
  );
}

// ---------------------------------------------------------------------------

type OwnKey = { id: string; secret: string; state: "active" | "rolled" | "revoked" };

async function mixedTraffic({ a, b, quick }: Context) {
  const seconds = quick ? 60 : 300;
  scenario(
    `mixed traffic, 50 clients for ${seconds} s`,
    "authentications, creates, rolls, revokes, reveals, lists and credential rotations: no 5xx, no lost or duplicated key, every revoked key refused, memory flat",
  );
  const both = [a, b];
  const clients = await pool(50, 5, async (i) => {
    const admin = await newKey(`load client ${i}`);
    const app = await call(a.url, "POST", "/api/v1/applications", {
      key: admin.secret,
      ip: ipOf(31, i),
      body: { name: `Mixed ${i}`, environment: "test" },
    });
    const appId = (app.json as { id?: string } | null)?.id;
    const configured = await call(b.url, "PUT", `/api/v1/applications/${appId}/providers/stripe`, {
      key: admin.secret,
      ip: ipOf(31, i),
      body: { api_key: `sk_test_${randomBytes(24).toString("hex")}` },
    });
    if (!appId || configured.status >= 300) throw new Error(`setting up client ${i}: ${app.status} ${configured.status} ${configured.text.slice(0, 200)}`);
    return { i, admin, appId, ip: ipOf(31, i), keys: [] as OwnKey[], n: 0 };
  });
  const calls: { op: string; status: number; ms: number }[] = [];
  let revokedRefusedAtOnce = 0;
  let revokedChecks = 0;
  const memory: { t: number; a: number; b: number }[] = [];
  const deadline = Date.now() + seconds * 1000;
  const sampler = setInterval(() => memory.push({ t: Date.now(), a: rssKb(a.pid), b: rssKb(b.pid) }), 2000);

  // Five more clients use the dashboard: create a key on one instance, reveal it on the other, then try again.
  const actions = serverActions();
  const createRef = actions.find((r) => r.exportedName === "createKeyAction")!;
  const revealRef = actions.find((r) => r.exportedName === "revealKeyAction")!;
  let revealedOnce = 0;
  let revealRounds = 0;
  const dashboard = Promise.all(
    Array.from({ length: 5 }, async (_, i) => {
      const onA = await DashboardSession.signIn(a.url, "owner@acme.test", "demo-password-1");
      const onB = new DashboardSession(b.url, "owner@acme.test");
      onB.keep(onA.cookies);
      const [first, second] = i % 2 ? [onA, onB] : [onB, onA];
      for (let n = 0; Date.now() < deadline; n++) {
        const timed = async <T>(work: Promise<T>): Promise<[T, number]> => {
          const t = performance.now();
          return [await work, performance.now() - t];
        };
        const [made, madeMs] = await timed(first.action(createRef, [{ name: `mixed dashboard ${i} ${n}`, type: "secret", environment: "test", permissions: [] }]));
        calls.push({ op: "dashboard create", status: made.status, ms: madeMs });
        const id = (made.result as { data?: { id: string } } | null)?.data?.id;
        if (!id) continue;
        const [once, onceMs] = await timed(second.action(revealRef, [id]));
        const [twice, twiceMs] = await timed(first.action(revealRef, [id]));
        calls.push({ op: "dashboard reveal", status: once.status, ms: onceMs }, { op: "dashboard reveal again", status: twice.status, ms: twiceMs });
        const secrets = [once, twice].map((r) => (r.result as { data?: { secret?: string } } | null)?.data?.secret).filter(Boolean) as string[];
        secrets.forEach((x) => seenSecrets.add(x));
        revealRounds++;
        if (secrets.length === 1) revealedOnce++;
      }
    }),
  );

  await Promise.all(
    clients.map(async (c) => {
      while (Date.now() < deadline) {
        const target = both[c.n++ % 2]!;
        const other = target === a ? b : a;
        const active = c.keys.filter((k) => k.state === "active");
        const pick = active[Math.floor(Math.random() * active.length)];
        const r = Math.random();
        const opts = { key: c.admin.secret, ip: c.ip };
        if (r < 0.5) {
          const res = await call(target.url, "GET", "/api/v1/whoami", opts);
          calls.push({ op: "authenticate", status: res.status, ms: res.ms });
        } else if (r < 0.6 || !pick) {
          const res = await call(target.url, "POST", "/api/v1/api-keys", {
            ...opts,
            body: { name: `mixed ${c.i} ${c.n}`, type: "secret", environment: "test" },
            idempotencyKey: randomUUID(),
          });
          calls.push({ op: "create", status: res.status, ms: res.ms });
          const json = res.json as { id?: string; secret?: string } | null;
          if (res.status === 201 && json?.id && json.secret) {
            seenSecrets.add(json.secret);
            c.keys.push({ id: json.id, secret: json.secret, state: "active" });
          }
        } else if (r < 0.7) {
          const res = await call(target.url, "POST", `/api/v1/api-keys/${pick.id}/regenerate`, { ...opts, body: { expire_previous_in: 0 } });
          calls.push({ op: "roll", status: res.status, ms: res.ms });
          const json = res.json as { id?: string; secret?: string } | null;
          if (res.status < 300 && json?.id && json.secret) {
            seenSecrets.add(json.secret);
            pick.state = "rolled";
            c.keys.push({ id: json.id, secret: json.secret, state: "active" });
          }
        } else if (r < 0.77) {
          const res = await call(target.url, "DELETE", `/api/v1/api-keys/${pick.id}`, opts);
          calls.push({ op: "revoke", status: res.status, ms: res.ms });
          if (res.status === 200) {
            pick.state = "revoked";
            const after = await call(other.url, "GET", "/api/v1/whoami", { key: pick.secret, ip: c.ip });
            calls.push({ op: "use revoked", status: after.status, ms: after.ms });
            revokedChecks++;
            if (after.status === 401) revokedRefusedAtOnce++;
          }
        } else if (r < 0.87) {
          const res = await call(target.url, "GET", `/api/v1/api-keys/${pick.id}`, opts);
          calls.push({ op: "read", status: res.status, ms: res.ms });
        } else if (r < 0.92) {
          const res = await call(target.url, "GET", "/api/v1/api-keys?limit=20", opts);
          calls.push({ op: "list", status: res.status, ms: res.ms });
        } else if (r < 0.96) {
          const res = await call(target.url, "GET", "/api/v1/whoami", { key: pick.secret, ip: c.ip });
          calls.push({ op: "authenticate (created key)", status: res.status, ms: res.ms });
        } else {
          const res = await call(target.url, "PATCH", `/api/v1/applications/${c.appId}/providers/stripe/api-key`, {
            ...opts,
            body: { apiKey: `sk_test_${randomBytes(24).toString("hex")}` },
          });
          calls.push({ op: "rotate credential", status: res.status, ms: res.ms });
        }
      }
    }),
  );
  clearInterval(sampler);
  await dashboard;

  const byOp = new Map<string, { n: number; statuses: Record<string, number>; p50: number; p99: number }>();
  for (const op of new Set(calls.map((c) => c.op))) {
    const of = calls.filter((c) => c.op === op);
    byOp.set(op, { n: of.length, statuses: countBy(of, (c) => c.status), p50: percentile(of.map((c) => c.ms), 50), p99: percentile(of.map((c) => c.ms), 99) });
  }
  for (const [op, s] of byOp) figure(op, `${s.n} calls ${JSON.stringify(s.statuses)} p50 ${fmt(s.p50)} p99 ${fmt(s.p99)}`);
  figure("throughput", `${calls.length} requests in ${seconds} s = ${Math.round(calls.length / seconds)}/s`);
  const serverErrors = calls.filter((c) => c.status >= 500 || c.status === 0);
  check("no 5xx and no request left unanswered", serverErrors.length === 0, `${serverErrors.length} of ${calls.length}: ${JSON.stringify(countBy(serverErrors, (c) => `${c.op} ${c.status}`))}`);
  const unexpected = calls.filter((c) => c.status >= 400 && c.status !== 429 && !(c.op === "use revoked" && c.status === 401));
  check("no unexpected 4xx", unexpected.length === 0, `${unexpected.length}: ${JSON.stringify(countBy(unexpected, (c) => `${c.op} ${c.status}`))}`);

  check("a pending secret is revealed exactly once", revealedOnce === revealRounds && revealRounds > 0, `${revealedOnce}/${revealRounds} dashboard keys gave their secret once (created on one instance, revealed on the other, then refused)`);

  // Every key a client was told about exists once; nothing exists that no client was told about.
  const told = clients.flatMap((c) => c.keys);
  const stored = await db.apiKey.findMany({ where: { merchantId, name: { startsWith: "mixed " } }, select: { id: true, revokedAt: true, replacedById: true } });
  const storedIds = new Set(stored.map((k) => k.id));
  const lost = told.filter((k) => !storedIds.has(k.id));
  const toldIds = new Set(told.map((k) => k.id));
  const unexplained = stored.filter((k) => !toldIds.has(k.id));
  check(
    "no key lost or duplicated",
    lost.length === 0 && unexplained.length === 0 && toldIds.size === told.length,
    `${told.length} keys acknowledged, ${stored.length} stored; lost ${lost.length}, stored but never acknowledged ${unexplained.length}`,
  );
  const revoked = told.filter((k) => k.state === "revoked");
  const stillWorking = await pool(revoked.length, 16, async (i) => {
    const k = revoked[i]!;
    const [ra, rb] = await Promise.all([a, b].map((inst) => call(inst.url, "GET", "/api/v1/whoami", { key: k.secret, ip: ipOf(32, i % 200) })));
    return ra!.status !== 401 || rb!.status !== 401;
  });
  check(
    "every revoked key is refused afterwards, by both instances",
    stillWorking.filter(Boolean).length === 0 && revokedRefusedAtOnce === revokedChecks,
    `${revoked.length} revoked keys, ${stillWorking.filter(Boolean).length} still accepted; refused by the other instance right after the revoke: ${revokedRefusedAtOnce}/${revokedChecks}`,
  );

  // Memory: the floor (RSS right after collections) of the last third stays within 20% of the middle third's
  // over five minutes: a leak raises the floor, garbage between collections does not. A minute is mostly
  // warm-up (caches filling, the heap growing to its working size): there it only rules out runaway growth.
  const third = Math.floor(memory.length / 3);
  const floor = (xs: number[]) => Math.min(...xs);
  const mid = { a: floor(memory.slice(third, 2 * third).map((m) => m.a)), b: floor(memory.slice(third, 2 * third).map((m) => m.b)) };
  const end = { a: floor(memory.slice(2 * third).map((m) => m.a)), b: floor(memory.slice(2 * third).map((m) => m.b)) };
  const growth = Math.max(end.a / Math.max(1, mid.a), end.b / Math.max(1, mid.b));
  const mb = (kb: number) => Math.round(kb / 1024);
  check(
    quick ? "memory: no runaway growth" : "memory flat",
    memory.length >= 6 && growth < (quick ? 1.5 : 1.2),
    `RSS floor a ${mb(memory[0]!.a)} → ${mb(mid.a)} → ${mb(end.a)} MB, b ${mb(memory[0]!.b)} → ${mb(mid.b)} → ${mb(end.b)} MB (first sample → middle third → last third; peak ${mb(Math.max(...memory.map((m) => Math.max(m.a, m.b))))} MB; ${memory.length} samples)`,
  );
}

// ---------------------------------------------------------------------------

async function killMidWrite({ a, b }: Context) {
  scenario("an instance killed mid-write", "SIGKILL during rolls and creates, then a restart: every key in one consistent state, audit matches changes, usage at most a second short");
  const scenarioStart = new Date();
  const admin = await newKey("kill admin");
  const usageKey = await newKey("kill usage");
  const rollable = await pool(30, 3, (i) => newKey(`kill roll ${i}`));
  const pids = { a: a.pid };
  let stop = false;
  let writes = 0;
  const authsOnA: number[] = [];
  const workers = Promise.all([
    ...Array.from({ length: 8 }, async (_, w) => {
      let n = 0;
      while (!stop) {
        const target = n++ % 3 === 2 ? b : a;
        const key = rollable[Math.floor(Math.random() * rollable.length)]!;
        if (Math.random() < 0.5) {
          const res = await call(target.url, "POST", `/api/v1/api-keys/${key.id}/regenerate`, { key: admin.secret, ip: ipOf(41, w), body: { expire_previous_in: 3600 }, timeoutMs: 5000 });
          const json = res.json as { id?: string; secret?: string } | null;
          if (json?.secret) seenSecrets.add(json.secret);
          if (res.status < 300 && json?.id && json.secret) rollable[rollable.indexOf(key)] = { id: json.id, secret: json.secret };
        } else {
          const res = await call(target.url, "POST", "/api/v1/api-keys", { key: admin.secret, ip: ipOf(41, w), body: { name: `kill created ${w} ${n}`, type: "secret", environment: "test" }, timeoutMs: 5000 });
          const json = res.json as { secret?: string } | null;
          if (json?.secret) seenSecrets.add(json.secret);
        }
        writes++;
        if (!a.running) await sleep(20);
      }
    }),
    ...Array.from({ length: 4 }, async (_, w) => {
      while (!stop) {
        if (!a.running) {
          await sleep(20);
          continue;
        }
        // One address each, so the per-IP limit (which refuses before the key is looked at) stays out of reach.
        const res = await call(a.url, "GET", "/api/v1/whoami", { key: usageKey.secret, ip: ipOf(42, w), timeoutMs: 5000 });
        // A 429 from the key's own limit comes after the key authenticated, so it is a recorded use too
        // (the load profile's per-key limit is 300 a minute, which these workers reach within seconds).
        if (res.status === 200 || res.status === 429) authsOnA.push(performance.now());
      }
    }),
  ]);
  await sleep(4000);
  const killedAt = performance.now();
  await a.kill();
  figure("killed", `instance a (pid ${pids.a}) with SIGKILL after ${writes} writes`);
  await sleep(1500);
  stop = true;
  await workers;
  const restartStarted = performance.now();
  await a.start();
  figure("restarted", `instance a (pid ${a.pid}) answered /api/health after ${fmt(performance.now() - restartStarted)}`);
  await flushWait();

  const keys = await db.apiKey.findMany({
    where: { merchantId, name: { startsWith: "kill " } },
    select: { id: true, replacedById: true, rolledFromId: true, revokedAt: true, expiresAt: true },
  });
  const byId = new Map(keys.map((k) => [k.id, k]));
  const allEvents = await db.auditEvent.findMany({
    where: { merchantId, action: { in: ["api_key.created", "api_key.rolled"] }, createdAt: { gte: scenarioStart } },
    select: { action: true, targetId: true, changes: true },
  });
  const anyKey = new Set((await db.apiKey.findMany({ where: { merchantId }, select: { id: true } })).map((k) => k.id));
  const orphanEvents = allEvents.filter((e) => !anyKey.has(e.targetId));
  const events = allEvents.filter((e) => byId.has(e.targetId));
  const created = new Map<string, number>();
  const rolled = new Map<string, string[]>();
  for (const e of events) {
    if (e.action === "api_key.created") created.set(e.targetId, (created.get(e.targetId) ?? 0) + 1);
    else rolled.set(e.targetId, [...(rolled.get(e.targetId) ?? []), (JSON.parse(e.changes) as { successor: string }).successor]);
  }
  const problems: string[] = orphanEvents.map((e) => `${e.targetId}: ${e.action} event without its key`);
  for (const k of keys) {
    if (k.rolledFromId) {
      const parent = byId.get(k.rolledFromId);
      if (!parent || parent.replacedById !== k.id) problems.push(`${k.id}: successor whose predecessor does not point to it`);
      if ((rolled.get(k.rolledFromId) ?? []).filter((s) => s === k.id).length !== 1) problems.push(`${k.id}: successor without exactly one roll event`);
    } else if (created.get(k.id) !== 1) problems.push(`${k.id}: key without exactly one creation event`);
    if (k.replacedById) {
      const successor = byId.get(k.replacedById);
      if (!successor || successor.rolledFromId !== k.id) problems.push(`${k.id}: rolled to a successor that does not exist`);
      if (!k.expiresAt) problems.push(`${k.id}: rolled but its grace period was not set`);
    }
    if (!k.replacedById && rolled.has(k.id)) problems.push(`${k.id}: roll event without the roll`);
  }
  const rolls = keys.filter((k) => k.rolledFromId).length;
  check(
    "every key is in exactly one consistent state",
    problems.filter((p) => !p.includes("event")).length === 0,
    `${keys.length} keys (${rolls} successors from rolls); ${problems.filter((p) => !p.includes("event")).length} inconsistent ${problems.filter((p) => !p.includes("event")).slice(0, 3).join("; ")}`,
  );
  check(
    "no audit event without its change, no change without its event",
    problems.filter((p) => p.includes("event")).length === 0,
    `${events.length} events for ${keys.length} keys; ${problems.filter((p) => p.includes("event")).length} mismatches ${problems.filter((p) => p.includes("event")).slice(0, 3).join("; ")}`,
  );
  const recorded = await usageOf([usageKey.id]);
  const lastSecond = authsOnA.filter((t) => t > killedAt - 1000).length;
  const short = authsOnA.length - recorded;
  check(
    "buffered usage is at most one second short",
    short >= 0 && short <= lastSecond,
    `${authsOnA.length} authentications answered by a before the kill, ${recorded} recorded: ${short} short; a answered ${lastSecond} in its last second`,
  );
}

// ---------------------------------------------------------------------------

async function databaseOutage({ a, b, server }: Context) {
  scenario("PostgreSQL stopped for 10 s", "503 problem+json with Retry-After within 2 s, /api/ready not ready, recovery without a restart");
  const key = await newKey("outage");
  const pids = [a.pid, b.pid];
  const before = await Promise.all([a, b].map((i) => call(i.url, "GET", "/api/v1/whoami", { key: key.secret, ip: ipOf(51, 0) })));
  const stopStarted = performance.now();
  server.stop();
  figure("PostgreSQL stopped", `in ${fmt(performance.now() - stopStarted)}`);
  const down = performance.now();
  const during: { what: string; res: Call }[] = [];
  while (performance.now() - down < 10_000) {
    const round = await Promise.all([
      ...[a, b].map(async (i) => ({ what: "authenticate", res: await call(i.url, "GET", "/api/v1/whoami", { key: key.secret, ip: ipOf(51, 0), timeoutMs: 10_000 }) })),
      ...[a, b].map(async (i) => ({ what: "create", res: await call(i.url, "POST", "/api/v1/api-keys", { key: key.secret, ip: ipOf(51, 0), body: { name: "outage create", type: "secret", environment: "test" }, timeoutMs: 10_000 }) })),
      ...[a, b].map(async (i) => ({ what: "ready", res: await call(i.url, "GET", "/api/ready", { timeoutMs: 10_000 }) })),
    ]);
    during.push(...round);
    await sleep(250);
  }
  const startedAt = performance.now();
  server.start();
  figure("PostgreSQL started", `in ${fmt(performance.now() - startedAt)}`);
  let recoveredAfter = -1;
  while (performance.now() - startedAt < 30_000) {
    const r = await Promise.all([a, b].map((i) => call(i.url, "GET", "/api/v1/whoami", { key: key.secret, ip: ipOf(51, 0) })));
    if (r.every((x) => x.status === 200)) {
      recoveredAfter = performance.now() - startedAt;
      break;
    }
    await sleep(100);
  }
  const ready = await Promise.all([a, b].map((i) => call(i.url, "GET", "/api/ready")));

  const api = during.filter((d) => d.what !== "ready");
  const readies = during.filter((d) => d.what === "ready");
  const good503 = api.filter((d) => d.res.status === 503 && problemJson(d.res) && Number(d.res.headers.get("retry-after")) > 0);
  const slowest = Math.max(...during.map((d) => d.res.ms));
  const leaky = during.filter((d) => /\bat\s+\S+\s+\(|Prisma|DriverAdapter|ECONNREFUSED|127\.0\.0\.1:\d+/i.test(d.res.text));
  check("answered before the outage", before.every((r) => r.status === 200), before.map((r) => r.status).join(", "));
  check(
    "API requests get 503 problem+json with Retry-After during the outage",
    good503.length === api.length,
    `${good503.length}/${api.length} (${JSON.stringify(countBy(api, (d) => `${d.what} ${d.res.status}`))}); Retry-After ${api[0]?.res.headers.get("retry-after")} s`,
  );
  check("every answer within 2 s, none revealing internals", slowest < 2000 && leaky.length === 0, `slowest ${fmt(slowest)}, p50 ${fmt(percentile(during.map((d) => d.res.ms), 50))}; answers naming internals: ${leaky.length}`);
  check(
    "/api/ready says not ready (503 problem+json)",
    readies.every((d) => d.res.status === 503 && problemJson(d.res)),
    `${readies.filter((d) => d.res.status === 503).length}/${readies.length} × 503`,
  );
  check(
    "both instances recover by themselves, without a restart",
    recoveredAfter >= 0 && ready.every((r) => r.status === 200) && a.pid === pids[0] && b.pid === pids[1],
    `serving again ${recoveredAfter < 0 ? "never" : `${fmt(recoveredAfter)} after PostgreSQL started`}; /api/ready ${ready.map((r) => r.status).join(", ")}; same processes: ${a.pid === pids[0] && b.pid === pids[1]}`,
  );
  const createdDuringOutage = await db.apiKey.count({ where: { merchantId, name: "outage create" } });
  check("nothing half-written during the outage", createdDuringOutage === 0, `keys created while the database was away: ${createdDuringOutage}`);
}

// ---------------------------------------------------------------------------

function logsCarryNoSecret({ workDir }: Context) {
  scenario("logs", "structured lines with request ids; no secret seen in this run appears in any log line");
  const lines = ["a", "b"].flatMap((n) => readFileSync(path.join(workDir, `instance-${n}.log`), "utf8").split("\n").filter(Boolean));
  const parsed = lines.map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return null;
    }
  });
  const access = parsed.filter((p) => p?.msg === "request");
  const withIds = access.filter((p) => typeof p?.req_id === "string" && typeof p?.status === "number" && typeof p?.duration_ms === "number");
  const withActor = access.filter((p) => typeof p?.key_id === "string" || typeof p?.user_id === "string");
  check("every access line carries method, route, status, duration and request id", access.length > 0 && withIds.length === access.length, `${access.length} access lines, ${withIds.length} complete, ${withActor.length} naming a key or user`);
  const notJson = parsed.filter((p) => p === null).length;
  figure("other lines", `${lines.length - access.length} (${notJson} not JSON)`);
  const leaked = [...seenSecrets].filter((s) => lines.some((l) => l.includes(s)));
  check("no secret in any log line", leaked.length === 0, `${seenSecrets.size} secrets checked against ${lines.length} lines; found ${leaked.length}`);
}

export async function runScenarios(context: Context) {
  const merchant = await makeMerchant("Load merchant", ["owner"]);
  owner = merchant.actors.owner;
  merchantId = merchant.merchant.id;
  await sharedState(context);
  await authFlood(context);
  await mixedTraffic(context);
  await killMidWrite(context);
  await databaseOutage(context);
  logsCarryNoSecret(context);
}
