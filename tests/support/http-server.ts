/**
 * Global setup for the HTTP tests: migrates and seeds a fresh database,
 * starts the production build (`next build` must have run) on a free
 * port, and hands the tests its address, database and secrets.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { testSecrets } from "./test-env";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    serverEnv: Record<string, string>;
    /** A verifier token the server accepts on POST /api/v1/keys/verify. */
    verifierToken: string;
  }
}

const root = path.resolve(import.meta.dirname, "..", "..");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

let server: ChildProcess | undefined;

export default async function setup(project: TestProject) {
  if (!existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    throw new Error("HTTP tests need a production build: run `npm run build` first.");
  }
  const dir = path.join(os.tmpdir(), "keyward-http-tests");
  mkdirSync(dir, { recursive: true });
  const dbFile = path.join(dir, `http-${process.pid}.db`);
  for (const suffix of ["", "-wal", "-shm"]) rmSync(dbFile + suffix, { force: true });
  const port = await freePort();
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

  server = spawn(process.execPath, ["scripts/serve.mjs"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  server.stdout?.on("data", (d) => (output += d));
  server.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`Server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/v1/whoami`);
      if (res.status === 401) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`Server did not start in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide("baseUrl", baseUrl);
  project.provide("serverEnv", env);
  project.provide("verifierToken", verifier.token);
  return async () => {
    server?.kill("SIGTERM");
  };
}
