// Generates the Prisma clients without the CLI's native schema engine, which
// cannot be downloaded in offline installs: the CLI only checks that the
// binary exists before `generate`, so point it at a stub that refuses work.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync, chmodSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const stubDir = path.join(root, "node_modules", ".cache", "keyward");
const stub = path.join(stubDir, "schema-engine-stub");
if (!existsSync(stub)) {
  mkdirSync(stubDir, { recursive: true });
  writeFileSync(stub, '#!/bin/sh\necho "Use npm run db:migrate (offline migrations)" >&2\nexit 1\n');
  chmodSync(stub, 0o755);
}
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? stub,
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
for (const schema of ["prisma/schema.prisma", "prisma/postgres/schema.prisma"]) {
  if (!existsSync(path.join(root, schema))) continue;
  execFileSync(path.join(root, "node_modules", ".bin", "prisma"), ["generate", "--schema", schema], {
    cwd: root,
    env,
    stdio: "inherit",
  });
}
