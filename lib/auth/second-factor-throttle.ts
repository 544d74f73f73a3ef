import "server-only";
import type { RateLimiterRes } from "rate-limiter-flexible";
import { sharedCounter, type SharedCounter } from "@/lib/rate-limit/store";

/**
 * Wrong second-factor answers (codes, recovery codes, step-up passwords):
 * five per session and ten per user in 15 minutes, so neither a session
 * nor a fresh sign-in can guess through the million TOTP codes. Counted in
 * the database on PostgreSQL, so spreading guesses over instances gains nothing.
 */
type Limiters = { session: SharedCounter; user: SharedCounter };
const g = globalThis as unknown as { keywardSecondFactorLimiters?: Limiters };
const limiters: Limiters = (g.keywardSecondFactorLimiters ??= {
  session: sharedCounter({ name: "2fa_session", points: 5, durationSeconds: 15 * 60 }),
  user: sharedCounter({ name: "2fa_user", points: 10, durationSeconds: 15 * 60 }),
});

/** Seconds until another attempt may be made, or 0. */
export async function secondFactorRetryAfter(userId: string, sessionId: string): Promise<number> {
  const [bySession, byUser] = await Promise.all([limiters.session.get(sessionId), limiters.user.get(userId)]);
  const wait = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
  return Math.max(wait(bySession, 5), wait(byUser, 10));
}

export async function recordSecondFactorFailure(userId: string, sessionId: string): Promise<void> {
  await Promise.all([limiters.session.penalty(sessionId, 1), limiters.user.penalty(userId, 1)]);
}

export async function recordSecondFactorSuccess(sessionId: string): Promise<void> {
  await limiters.session.delete(sessionId);
}
