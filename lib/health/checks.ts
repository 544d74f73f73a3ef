import "server-only";
import { db } from "@/lib/db";
import { databaseKind } from "@/lib/db/url";

export type Readiness = {
  status: "ready" | "unavailable";
  checks: { database: { status: "up" | "down"; kind: string; latency_ms: number } };
};

/** How long the database may take to answer before the instance counts as not ready. */
const DATABASE_TIMEOUT_MS = 2000;

/**
 * Readiness: can this instance serve requests now (its database answers)?
 * The answer names no host, error or version: load balancers and probes
 * need a status, attackers need nothing.
 */
export async function readiness(): Promise<Readiness> {
  const started = performance.now();
  let up = false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), DATABASE_TIMEOUT_MS);
    });
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    up = true;
  } catch {
    up = false;
  } finally {
    clearTimeout(timer);
  }
  return {
    status: up ? "ready" : "unavailable",
    checks: { database: { status: up ? "up" : "down", kind: databaseKind(), latency_ms: Math.round(performance.now() - started) } },
  };
}
