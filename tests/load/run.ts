/**
 * Load and fault tests: two app instances on one private PostgreSQL server,
 * all on 127.0.0.1, bounded in time, stopping by themselves.
 *
 *   npm run test:load               full profile (mixed traffic for 5 minutes)
 *   npm run test:load -- --quick    CI profile (60 s); also KEYWARD_LOAD_PROFILE=quick
 *
 * Needs a production build (`npm run build`) and PostgreSQL from Debian's
 * packages (a throwaway server is created in a temporary directory and
 * stopped and started for the outage test; no other server is touched).
 * KEYWARD_LOAD_PORT (default 3400) is the PostgreSQL port; the instances
 * listen on the next two.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { privatePostgres } from "../../scripts/cluster/postgres.mjs";
import { appInstance, root, type AppInstance } from "../../scripts/cluster/instances.mjs";
import { testSecrets } from "../support/test-env";
import { summary } from "./report";

const quick = process.argv.includes("--quick") || process.env.KEYWARD_LOAD_PROFILE === "quick";
const basePort = Number(process.env.KEYWARD_LOAD_PORT ?? 3400);

if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
  console.error("test:load needs a production build: run `npm run build` first.");
  process.exit(2);
}

const workDir = mkdtempSync(path.join(os.tmpdir(), "keyward-load-"));
// Beside, not inside, the work directory: the server runs as the postgres user, who cannot enter a private temporary directory.
const server = privatePostgres({ dataDir: path.join(os.tmpdir(), `keyward-load-postgres-${basePort}`), port: basePort });
let instances: AppInstance[] = [];

async function cleanUp() {
  await Promise.all(instances.map((i) => i.stop().catch(() => undefined)));
  try {
    server.destroy();
  } catch {
    // already gone
  }
  if (!process.env.KEYWARD_LOAD_KEEP) rmSync(workDir, { recursive: true, force: true });
}

let ok = false;
try {
  console.log(`Keyward load and fault tests (${quick ? "quick" : "full"} profile), work files in ${workDir}`);
  // A server left over by an interrupted run goes first.
  server.destroy();
  const admin = server.start();
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query("CREATE DATABASE keyward_load");
  await client.end();
  const databaseUrl = admin.replace(/\/postgres$/, "/keyward_load");

  const secrets = testSecrets();
  // This process reads and prepares the database through the app's own modules: same secrets, quiet logs.
  Object.assign(process.env, { DATABASE_URL: databaseUrl, ...secrets, LOG_LEVEL: "error" });
  const { applyMigrations } = await import("../../scripts/migrate");
  await applyMigrations(databaseUrl);
  const { seedDemo } = await import("../../prisma/seed");
  await seedDemo();

  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    ...secrets,
    // The tests speak for many clients through X-Forwarded-For, as a load balancer would.
    TRUST_PROXY: "1",
    AUTH_TRUST_HOST: "true",
    LOG_LEVEL: "info",
    KEYWARD_LOG_FORMAT: "json",
    KEYWARD_RATE_LIMIT_PER_KEY: "300",
    KEYWARD_RATE_LIMIT_PER_IP: "600",
  };
  instances = ["a", "b"].map((name, n) =>
    appInstance({ name: `instance ${name}`, port: basePort + 1 + n, env, logFile: path.join(workDir, `instance-${name}.log`) }),
  );
  await Promise.all(instances.map((i) => i.start()));
  console.log(`instances: ${instances.map((i) => `${i.url} (pid ${i.pid})`).join(", ")}; PostgreSQL on 127.0.0.1:${basePort}`);

  const { runScenarios } = await import("./scenarios");
  await runScenarios({ a: instances[0]!, b: instances[1]!, server, quick, workDir });
  ok = summary();
} catch (err) {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  summary();
  ok = false;
} finally {
  await cleanUp();
}
process.exit(ok ? 0 : 1);
