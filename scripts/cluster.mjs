// npm run cluster: the production shape on one machine. PostgreSQL (a private
// server from Debian's packages, or DATABASE_URL), migrations, demo data, two
// app instances and a round-robin proxy in front. Ctrl-C stops everything.
//
//   PORT                    the proxy's port (default 3000); instances use PORT+1 and PORT+2
//   DATABASE_URL            a postgresql:// URL to use instead of starting a server
//   KEYWARD_CLUSTER_PG_PORT the private server's port (default 5440)
//   --build                 build even when a production build exists
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { privatePostgres } from "./cluster/postgres.mjs";
import { appInstance, npmRun, root, roundRobinProxy } from "./cluster/instances.mjs";

const port = Number(process.env.PORT ?? 3000);
const say = (line) => console.log(`cluster: ${line}`);

let server = null;
let databaseUrl = process.env.DATABASE_URL?.trim();
if (databaseUrl && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
  console.error("cluster: DATABASE_URL must be a postgresql:// URL (several instances need PostgreSQL).");
  process.exit(2);
}
if (!databaseUrl) {
  server = privatePostgres({ dataDir: path.join(root, "data", "cluster-postgres"), port: Number(process.env.KEYWARD_CLUSTER_PG_PORT ?? 5440) });
  mkdirSync(path.join(root, "data"), { recursive: true });
  say(`starting PostgreSQL on 127.0.0.1:${server.port} (data in data/cluster-postgres)`);
  const admin = server.start();
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = 'keyward'");
  if (!rowCount) await client.query("CREATE DATABASE keyward");
  await client.end();
  databaseUrl = admin.replace(/\/postgres$/, "/keyward");
}

const env = { DATABASE_URL: databaseUrl, AUTH_TRUST_HOST: "true", TRUST_PROXY: "1", CHECKPOINT_DISABLE: "1", NEXT_TELEMETRY_DISABLED: "1" };
npmRun("env:init", env);
say("applying migrations");
npmRun("db:migrate", env);
say("seeding demo data (kept if already there)");
process.stdout.write(npmRun("db:seed", env));
if (process.argv.includes("--build") || !existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
  say("building (a minute or two)");
  npmRun("build", env);
}

const instances = [1, 2].map((n) => appInstance({ name: `instance ${n}`, port: port + n, env, echo: true }));
await Promise.all(instances.map((i) => i.start()));
const proxy = await roundRobinProxy({ port, targets: instances.map((i) => i.url), host: process.env.HOST ?? "127.0.0.1" });

console.log("");
say(`Keyward (round-robin over both instances): ${proxy.url}`);
for (const i of instances) say(`  ${i.name}: ${i.url}  (pid ${i.pid})`);
say(`  readiness: ${proxy.url}/api/ready`);
say(`  database: ${databaseUrl.replace(/\/\/[^@]*@/, "//")}`);
say("Ctrl-C stops the proxy, both instances" + (server ? " and PostgreSQL" : ""));

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log("");
  say("stopping");
  await proxy.close();
  await Promise.all(instances.map((i) => i.stop("SIGTERM")));
  if (server) server.stop();
  say("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
