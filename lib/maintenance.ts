import "server-only";
import { purgeExpiredPendingSecrets } from "@/lib/api-keys/service";
import { purgeExpiredIdempotencyRecords } from "@/lib/idempotency";
import { closeExpiredImpersonations } from "@/lib/impersonation/service";
import { flushKeyDenials } from "@/lib/api-keys/denials";
import { flushKeyUsage } from "@/lib/api-keys/usage";
import { purgeOldSessions } from "@/lib/auth/sessions";
import { now } from "@/lib/clock";
import { db } from "@/lib/db";
import { runExclusively } from "@/lib/db/job-lock";
import { databaseKind } from "@/lib/db/url";
import { errorFields, logger } from "@/lib/log/logger.mjs";
import { purgeExpiredRateLimits } from "@/lib/rate-limit/store";
import { raiseScheduledKeyEvents } from "@/lib/events/scheduled";
import { purgeOldWebhookEvents } from "@/lib/webhooks/retention";

const INTERVAL_MS = 30_000;
/** Usage charts show 30 days; keep 90. An IP unseen for 180 days counts as new again. */
const USAGE_RETENTION_MS = 90 * 86_400_000;
const SEEN_IP_RETENTION_MS = 180 * 86_400_000;

export async function purgeOldUsage(at = now()): Promise<number> {
  const [usage, ips] = await db.$transaction([
    db.apiKeyUsage.deleteMany({ where: { hour: { lt: new Date(at.getTime() - USAGE_RETENTION_MS) } } }),
    db.apiKeySeenIp.deleteMany({ where: { lastSeenAt: { lt: new Date(at.getTime() - SEEN_IP_RETENTION_MS) } } }),
  ]);
  return usage.count + ips.count;
}

const OPTIMIZE_EVERY_MS = 3_600_000;
let optimizedAt = 0;

/** SQLite keeps its planner statistics current only when asked (PostgreSQL's autovacuum does it there). */
async function refreshPlannerStatistics(at = now()): Promise<number> {
  if (databaseKind() !== "sqlite" || at.getTime() - optimizedAt < OPTIMIZE_EVERY_MS) return 0;
  optimizedAt = at.getTime();
  await db.$queryRawUnsafe("PRAGMA optimize");
  return 1;
}

const JOBS: [name: string, job: () => Promise<number>][] = [
  ["expired secrets", () => purgeExpiredPendingSecrets()],
  ["idempotency records", () => purgeExpiredIdempotencyRecords()],
  ["expired impersonations", () => closeExpiredImpersonations()],
  ["old usage", () => purgeOldUsage()],
  ["old sessions", () => purgeOldSessions()],
  ["expired rate-limit counters", () => purgeExpiredRateLimits()],
  ["old webhook events", async () => Number(await purgeOldWebhookEvents()) || 0],
  // Not a purge: raises key expiry and rotation events, each once.
  ["planner statistics", () => refreshPlannerStatistics()],
  ["scheduled key events", async () => Number(await raiseScheduledKeyEvents()) || 0],
];

/**
 * One round of clean-up, on one instance at a time: with several instances
 * on one PostgreSQL database, whichever takes the lock first does the round
 * and the others skip it. Returns whether this instance ran it.
 */
export async function runMaintenance(): Promise<boolean> {
  const result = await runExclusively("maintenance", async () => {
    for (const [name, job] of JOBS) {
      await job().catch((err: unknown) => logger.error({ ...errorFields(err), job: name }, "maintenance job failed"));
    }
  });
  return result.ran;
}

/**
 * Periodic clean-up, started once per server process: unrevealed secrets
 * are deleted once their ten-minute window passes (even if nobody opens the
 * dashboard, no copy may remain), idempotency records after 24 hours,
 * impersonations past their deadline are closed with their audit event, and
 * usage history, sessions and rate-limit counters past their retention are dropped.
 */
export function startMaintenance(): void {
  const g = globalThis as unknown as { keywardMaintenance?: NodeJS.Timeout };
  if (g.keywardMaintenance) return;
  const run = () =>
    runMaintenance().catch((err: unknown) => logger.warn(errorFields(err), "maintenance round failed"));
  g.keywardMaintenance = setInterval(() => void run(), INTERVAL_MS);
  g.keywardMaintenance.unref?.();
  // Write the last second of buffered key usage before the process stops.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void Promise.allSettled([flushKeyUsage(), flushKeyDenials()]).finally(() => process.exit(0));
    });
  }
}
