import "server-only";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";

/** Delivered (or given-up) events, their deliveries and attempt log are kept 30 days. */
export const WEBHOOK_RETENTION_MS = 30 * 86_400_000;

/**
 * Drops outbox events older than the retention that are fanned out and
 * emailed and have no delivery still pending; their deliveries and attempts
 * go with them. Dedupe keys of scheduled events outlive every window they guard.
 */
export async function purgeOldWebhookEvents(at = now()): Promise<number> {
  const { count } = await db.outboxEvent.deleteMany({
    where: {
      createdAt: { lt: new Date(at.getTime() - WEBHOOK_RETENTION_MS) },
      fannedOutAt: { not: null },
      emailedAt: { not: null },
      deliveries: { none: { status: "pending" } },
    },
  });
  return count;
}
