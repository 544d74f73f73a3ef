import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";

/**
 * Password re-entry before impersonating: five wrong passwords per staff
 * member in 15 minutes lock the console's start button for 15 minutes.
 */
const FREE_FAILURES = 5;
const WINDOW_SECONDS = 15 * 60;

const g = globalThis as unknown as { keywardReauthLimiter?: RateLimiterMemory };
const limiter = (g.keywardReauthLimiter ??= new RateLimiterMemory({
  keyPrefix: "impersonation_reauth",
  points: FREE_FAILURES,
  duration: WINDOW_SECONDS,
  blockDuration: WINDOW_SECONDS,
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
