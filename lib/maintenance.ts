import "server-only";
import { purgeExpiredPendingSecrets } from "@/lib/api-keys/service";
import { purgeExpiredIdempotencyRecords } from "@/lib/idempotency";
import { closeExpiredImpersonations } from "@/lib/impersonation/service";
import { flushKeyUsage } from "@/lib/api-keys/usage";

const INTERVAL_MS = 30_000;

/**
 * Periodic clean-up, started once per server process: unrevealed secrets
 * are deleted once their ten-minute window passes (even if nobody opens the
 * dashboard, no copy may remain), idempotency records after 24 hours, and
 * impersonations past their deadline are closed with their audit event.
 */
export function startMaintenance(): void {
  const g = globalThis as unknown as { keywardMaintenance?: NodeJS.Timeout };
  if (g.keywardMaintenance) return;
  const run = async () => {
    for (const [name, job] of [
      ["expired secrets", () => purgeExpiredPendingSecrets()],
      ["idempotency records", () => purgeExpiredIdempotencyRecords()],
      ["expired impersonations", () => closeExpiredImpersonations()],
    ] as const) {
      await job().catch((err: unknown) =>
        console.error(`keyward: could not purge ${name}:`, err instanceof Error ? err.name : "unknown error"),
      );
    }
  };
  g.keywardMaintenance = setInterval(() => void run(), INTERVAL_MS);
  g.keywardMaintenance.unref?.();
  // Write the last second of buffered key usage before the process stops.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      void flushKeyUsage().finally(() => process.exit(0));
    });
  }
}
