import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // Guards the client bundle in Next.js; in tests every module is server-side.
  "server-only": path.resolve(import.meta.dirname, "tests/support/empty-module.ts"),
};

/** Unit and integration tests share a setup: one SQLite file (or PostgreSQL database) per worker. */
const databaseTests = {
  environment: "node" as const,
  setupFiles: ["tests/support/setup-db.ts"],
  // Files in a worker run one after another.
  pool: "forks" as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { ...databaseTests, name: "unit", include: ["lib/**/*.test.ts", "components/**/*.test.ts", "app/**/*.test.ts", "scripts/**/*.test.ts"] },
      },
      {
        resolve: { alias },
        test: { ...databaseTests, name: "integration", include: ["tests/integration/**/*.test.ts"] },
      },
      {
        resolve: { alias },
        test: {
          name: "http",
          include: ["tests/http/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/support/http-server.ts"],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
