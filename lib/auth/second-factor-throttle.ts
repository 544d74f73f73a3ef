import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";

/**
 * Wrong second-factor answers (codes, recovery codes, step-up passwords):
 * five per session and ten per user in 15 minutes, so neither a session
 * nor a fresh sign-in can guess through the million TOTP codes.
 */
type Limiters = { session: RateLimiterMemory; user: RateLimiterMemory };
const g = globalThis as unknown as { keywardSecondFactorLimiters?: Limiters };
const limiters: Limiters = (g.keywardSecondFactorLimiters ??= {
  session: new RateLimiterMemory({ keyPrefix: "2fa_session", points: 5, duration: 15 * 60 }),
  user: new RateLimiterMemory({ keyPrefix: "2fa_user", points: 10, duration: 15 * 60 }),
});

/** Seconds until another attempt may be made, or 0. */
export async function secondFactorRetryAfter(userId: string, sessionId: string): Promise<number> {
  const [bySession, byUser] = await Promise.all([limiters.session.get(sessionId), limiters.user.get(userId)]);
  const wait = (res: Awaited<ReturnType<RateLimiterMemory["get"]>>, points: number) =>
    res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
  return Math.max(wait(bySession, 5), wait(byUser, 10));
}

export async function recordSecondFactorFailure(userId: string, sessionId: string): Promise<void> {
  await Promise.all([limiters.session.penalty(sessionId, 1), limiters.user.penalty(userId, 1)]);
}

export async function recordSecondFactorSuccess(sessionId: string): Promise<void> {
  await limiters.session.delete(sessionId);
}
