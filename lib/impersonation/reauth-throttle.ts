import "server-only";
import { sharedCounter, type SharedCounter } from "@/lib/rate-limit/store";

/**
 * Password re-entry before impersonating: five wrong passwords per staff
 * member in 15 minutes lock the console's start button for 15 minutes,
 * on every instance (counted in the database on PostgreSQL).
 */
const FREE_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;

const g = globalThis as unknown as { keywardReauthLimiter?: SharedCounter };
const limiter = (g.keywardReauthLimiter ??= sharedCounter({
  name: "impersonation_reauth",
  points: FREE_FAILURES,
  durationSeconds: WINDOW_SECONDS,
  blockDurationSeconds: WINDOW_SECONDS,
}));

/** Seconds until the staff member may try their password again, or 0. */
export async function reauthRetryAfter(userId: string): Promise<number> {
  const res = await limiter.get(userId);
  return res && res.consumedPoints >= FREE_FAILURES ? Math.ceil(res.msBeforeNext / 1000) : 0;
}

export async function recordReauthFailure(userId: string): Promise<void> {
  await limiter.penalty(userId, 1);
  const res = await limiter.get(userId);
  if (res && res.consumedPoints >= FREE_FAILURES) await limiter.block(userId, WINDOW_SECONDS);
}

export async function recordReauthSuccess(userId: string): Promise<void> {
  await limiter.delete(userId);
}
