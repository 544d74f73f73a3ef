import { randomBytes } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;

// Secrets for this run's server. Set once in the main process, so workers
// (which inherit its environment) agree with the server.
process.env.E2E_AUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.E2E_HASH_SECRETS ??= `e1:${randomBytes(32).toString("base64")}`;
process.env.E2E_MASTER_KEYS ??= `em1:${randomBytes(32).toString("base64")}`;
process.env.E2E_DATABASE_URL ??= "file:./data/e2e.db";

export const serverEnv = {
  DATABASE_URL: process.env.E2E_DATABASE_URL,
  AUTH_SECRET: process.env.E2E_AUTH_SECRET,
  KEYWARD_HASH_SECRETS: process.env.E2E_HASH_SECRETS,
  KEYWARD_MASTER_KEYS: process.env.E2E_MASTER_KEYS,
};

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-default-apps",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"] }, dependencies: ["setup"] },
  ],
  webServer: {
    command: "bash scripts/e2e-server.sh",
    url: `${baseURL}/login`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      ...serverEnv,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      KEYWARD_RATE_LIMIT_PER_IP: "100000",
      KEYWARD_RATE_LIMIT_PER_KEY: "100000",
      // The webhook tests' receiver listens on 127.0.0.1.
      KEYWARD_WEBHOOK_ALLOW_PRIVATE: "true",
      KEYWARD_WEBHOOK_POLL_MS: "250",
    },
  },
});
