import "server-only";
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

/**
 * Sign-in throttling. Failures count per account and per IP. Five failures
 * on an account lock it for a minute; each further lockout doubles, up to
 * an hour, until a day passes without one. An IP gets 30 failures an hour.
 */
const ACCOUNT_FREE_FAILURES = 5;
const BASE_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 3600;

type Limiters = { account: RateLimiterMemory; lockouts: RateLimiterMemory; ip: RateLimiterMemory };
const g = globalThis as unknown as { keywardLoginLimiters?: Limiters };
const limiters: Limiters = (g.keywardLoginLimiters ??= {
  account: new RateLimiterMemory({ keyPrefix: "login_account", points: ACCOUNT_FREE_FAILURES, duration: 15 * 60 }),
  lockouts: new RateLimiterMemory({ keyPrefix: "login_lockouts", points: 1000, duration: 24 * 3600 }),
  ip: new RateLimiterMemory({ keyPrefix: "login_ip", points: 30, duration: 3600, blockDuration: 3600 }),
});

const accountKey = (email: string) => email.trim().toLowerCase();

/** Seconds until sign-in may be tried again, or 0 when it may now. */
export async function loginRetryAfter(email: string, ip: string | null): Promise<number> {
  const [account, byIp] = await Promise.all([
    limiters.account.get(accountKey(email)),
    ip ? limiters.ip.get(ip) : Promise.resolve(null),
  ]);
  const wait = (res: RateLimiterRes | null, points: number) =>
    res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
  return Math.max(wait(account, ACCOUNT_FREE_FAILURES), wait(byIp, 30));
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const key = accountKey(email);
  if (ip) await limiters.ip.penalty(ip, 1);
  const res = await limiters.account.penalty(key, 1);
  if (res.consumedPoints >= ACCOUNT_FREE_FAILURES) {
    const lockouts = await limiters.lockouts.penalty(key, 1);
    const seconds = Math.min(MAX_LOCK_SECONDS, BASE_LOCK_SECONDS * 2 ** (lockouts.consumedPoints - 1));
    await limiters.account.block(key, seconds);
  }
}

export async function recordLoginSuccess(email: string): Promise<void> {
  const key = accountKey(email);
  await Promise.all([limiters.account.delete(key), limiters.lockouts.delete(key)]);
}
