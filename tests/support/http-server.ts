/**
 * Global setup for the HTTP tests: migrates and seeds a fresh database,
 * starts the production build (`next build` must have run) on a free
 * port, and hands the tests its address, database and secrets.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { root, startProductionServer, type ProductionServer } from "./production-server";
import { testSecrets } from "./test-env";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverEnv: Record<string, string>;
    /** A verifier token the server accepts on POST /api/v1/keys/verify. */
    verifierToken: string;
  }
}

let server: ProductionServer | undefined;

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    throw new Error("HTTP tests need a production build: run `npm run build` first.");
  }
  const dir = path.join(os.tmpdir(), "keyward-http-tests");
  mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, `http-${process.pid}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
  const env: Record<string, string> = {
    DATABASE_URL: process.env.TEST_DATABASE_URL ?? `file:${dbFile}`,
    ...testSecrets(),
    // Tight limits keep the rate-limit tests short; other tests stay under them.
    KEYWARD_RATE_LIMIT_PER_KEY: process.env.KEYWARD_RATE_LIMIT_PER_KEY ?? "1000",
    KEYWARD_RATE_LIMIT_PER_IP: process.env.KEYWARD_RATE_LIMIT_PER_IP ?? "5000",
    // Leak reports from secret scanners: tests sign with this secret (see tests/http/leaked-keys.test.ts).
    KEYWARD_SCANNER_SECRETS: `test-scanner:${randomBytes(32).toString("base64")}`,
    // Webhook receivers of the tests listen on 127.0.0.1.
    KEYWARD_WEBHOOK_ALLOW_PRIVATE: "true",
  };
  Object.assign(process.env, env);
  const { mintVerifierToken } = await import("../../lib/gateway/verifier-tokens");
  const verifier = mintVerifierToken("tests");
  env.KEYWARD_VERIFIER_TOKENS = verifier.entry;
  process.env.KEYWARD_VERIFIER_TOKENS = verifier.entry;
  const { applyMigrations } = await import("../../scripts/migrate");
  await applyMigrations(env.DATABASE_URL);
  const { seedDemo } = await import("../../prisma/seed");
  await seedDemo({ reset: true });

  server = await startProductionServer({
    env,
    // The API answers an unauthenticated call: the app is up, not just the port.
    ready: (base) => fetch(`${base}/api/v1/whoami`).then((r) => r.status === 401, () => false),
  });
  project.provide("baseUrl", server.baseUrl);
  project.provide("serverEnv", env);
  project.provide("verifierToken", verifier.token);
  return async () => {
    server?.child.kill("SIGTERM");
  };
}
