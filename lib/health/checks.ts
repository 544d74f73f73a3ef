import "server-only";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { databaseKind } from "@/lib/db/url";

export type Readiness = {
  status: "ready" | "unavailable";
  checks: {
    database: { status: "up" | "down"; kind: string; latency_ms: number };
    /** "current": every migration shipped with this build is applied; "unknown" when the build carries none to compare. */
    migrations: { status: "current" | "pending" | "unknown" };
  };
};

/** How long the database may take to answer before the instance counts as not ready. */
const DATABASE_TIMEOUT_MS = 2000;

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** The migrations this build ships for its database kind (empty when the folder is not deployed). */
function shippedMigrations(): string[] {
  const dir =
    databaseKind() === "postgresql"
      ? path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "postgres", "migrations")
      : path.join(/* turbopackIgnore: true */ process.cwd(), "prisma", "migrations");
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

// Applied migrations are never taken back: once current, stop asking.
const g = globalThis as unknown as { keywardMigrationsCurrent?: boolean };

async function migrationsStatus(): Promise<"current" | "pending" | "unknown"> {
  if (g.keywardMigrationsCurrent) return "current";
  const shipped = shippedMigrations();
  if (shipped.length === 0) return "unknown";
  const rows = await db.$queryRaw<{ migration_name: string }[]>`
    SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
  const applied = new Set(rows.map((r) => r.migration_name));
  const current = shipped.every((name) => applied.has(name));
  if (current) g.keywardMigrationsCurrent = true;
  return current ? "current" : "pending";
}

/**
 * Readiness: can this instance serve requests now (its database answers
 * within 2 s and carries every migration of this build)? The answer names
 * no host, error or version: load balancers and probes need a status,
 * attackers need nothing.
 */
export async function readiness(): Promise<Readiness> {
  const started = performance.now();
  let up = false;
  let migrations: Readiness["checks"]["migrations"]["status"] = "unknown";
  try {
    await withTimeout(db.$queryRaw`SELECT 1`, DATABASE_TIMEOUT_MS);
    up = true;
    migrations = await withTimeout(migrationsStatus(), DATABASE_TIMEOUT_MS);
  } catch {
    // down, or the migration table is missing (a database never migrated): not ready either way
    if (up) migrations = "pending";
  }
  const ready = up && migrations !== "pending";
  return {
    status: ready ? "ready" : "unavailable",
    checks: {
      database: { status: up ? "up" : "down", kind: databaseKind(), latency_ms: Math.round(performance.now() - started) },
      migrations: { status: migrations },
    },
  };
}
