import { randomBytes } from "node:crypto";

/**
 * Runs `body` against a new, empty PostgreSQL database on the server of
 * TEST_POSTGRES_URL, and drops it afterwards whatever happens. Callers skip
 * when TEST_POSTGRES_URL is not set (PostgreSQL is optional on a developer
 * machine; CI provides it).
 */
export async function withScratchPostgres(body: (url: string) => Promise<void>): Promise<void> {
  const admin = new URL(process.env.TEST_POSTGRES_URL!);
  const { default: pg } = await import("pg");
  const dbName = `keyward_migrate_${randomBytes(4).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`CREATE DATABASE ${dbName}`);
  try {
    const url = new URL(admin);
    url.pathname = `/${dbName}`;
    await body(url.toString());
  } finally {
    await client.query(`DROP DATABASE ${dbName} WITH (FORCE)`);
    await client.end();
  }
}
