// Runs the unit and integration tests again on PostgreSQL when
// TEST_POSTGRES_URL names a server (CI sets it); a no-op otherwise.
// Each run gets a fresh database, dropped afterwards.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";

const admin = process.env.TEST_POSTGRES_URL;
if (!admin) {
  console.log("TEST_POSTGRES_URL is not set: skipping the PostgreSQL run of the integration tests.");
  process.exit(0);
}
const name = `keyward_test_${randomBytes(4).toString("hex")}`;
const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`CREATE DATABASE ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;
let status = 1;
try {
  const result = spawnSync("npx", ["vitest", "run", "--project", "unit", "--project", "integration"], {
    stdio: "inherit",
    env: { ...process.env, TEST_DATABASE_URL: url.toString() },
  });
  status = result.status ?? 1;
} finally {
  await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await client.end();
}
process.exit(status);
