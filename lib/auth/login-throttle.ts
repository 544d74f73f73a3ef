import "server-only";
import type { RateLimiterRes } from "rate-limiter-flexible";
import { ipBucket } from "@/lib/http/ip-bucket";
import { sharedCounter, type SharedCounter } from "@/lib/rate-limit/store";

/**
 * Sign-in throttling, in three counters:
 *
 * - account + IP: five failures for one account from one IP (an IPv6 /64
 *   counts as one IP) lock that pair for a minute; each further lockout
 *   doubles, up to an hour, until a day passes without one. Keyed on the
 *   pair so that an attacker elsewhere cannot lock the owner out: the lever
 *   a per-account lockout hands to anyone who knows an email address.
 * - account, across all IPs: a slow back-off against guessing spread over
 *   many addresses. Past 20 failures in an hour, each failure makes the
 *   account wait a little longer before the next try (2 s, 4 s, ... at most
 *   30 s). It never locks: the owner can always sign in within half a minute.
 * - IP: 30 failures an hour, over any accounts, block the IP for an hour.
 *
 * On PostgreSQL the counters live in the database, so every instance behind
 * a load balancer counts the same failures.
 */
const PAIR_FREE_FAILURES = 5;
const BASE_LOCK_SECONDS = 60;
const MAX_LOCK_SECONDS = 3600;
const ACCOUNT_FREE_FAILURES = 20;
const MAX_ACCOUNT_BACKOFF_SECONDS = 30;
const IP_FAILURES = 30;

type Limiters = {
  pair: SharedCounter;
  pairLockouts: SharedCounter;
  account: SharedCounter;
  accountBackoff: SharedCounter;
  ip: SharedCounter;
};
const g = globalThis as unknown as { keywardLoginThrottle?: Limiters };
const limiters: Limiters = (g.keywardLoginThrottle ??= {
  pair: sharedCounter({ name: "login_pair", points: PAIR_FREE_FAILURES, durationSeconds: 15 * 60 }),
  pairLockouts: sharedCounter({ name: "login_pair_lockouts", points: 1000, durationSeconds: 24 * 3600 }),
  account: sharedCounter({ name: "login_account", points: 1_000_000, durationSeconds: 3600 }),
  // Only ever blocked (for the back-off) or empty.
  accountBackoff: sharedCounter({ name: "login_account_backoff", points: 1, durationSeconds: 1 }),
  ip: sharedCounter({ name: "login_ip", points: IP_FAILURES, durationSeconds: 3600, blockDurationSeconds: 3600 }),
});

const accountKey = (email: string) => email.trim().toLowerCase();
const ipKey = (ip: string | null) => ipBucket(ip) ?? "unknown";
const pairKey = (email: string, ip: string | null) => `${accountKey(email)}|${ipKey(ip)}`;

/** Seconds a limiter still refuses for, given the count at which it refuses (a block() counts points + 1). */
const secondsLeft = (res: RateLimiterRes | null, refusesAt: number) =>
  res && res.consumedPoints >= refusesAt ? Math.ceil(res.msBeforeNext / 1000) : 0;

/** Seconds until sign-in to this account from this IP may be tried again, or 0 when it may now. */
export async function loginRetryAfter(email: string, ip: string | null): Promise<number> {
  const [pair, backoff, byIp] = await Promise.all([
    limiters.pair.get(pairKey(email, ip)),
    limiters.accountBackoff.get(accountKey(email)),
    ip ? limiters.ip.get(ipKey(ip)) : Promise.resolve(null),
  ]);
  return Math.max(secondsLeft(pair, PAIR_FREE_FAILURES), secondsLeft(backoff, 2), secondsLeft(byIp, IP_FAILURES));
}

export async function recordLoginFailure(email: string, ip: string | null): Promise<void> {
  const account = accountKey(email);
  const pair = pairKey(email, ip);
  if (ip) await limiters.ip.penalty(ipKey(ip), 1);
  const res = await limiters.pair.penalty(pair, 1);
  if (res.consumedPoints >= PAIR_FREE_FAILURES) {
    const lockouts = await limiters.pairLockouts.penalty(pair, 1);
    const seconds = Math.min(MAX_LOCK_SECONDS, BASE_LOCK_SECONDS * 2 ** (lockouts.consumedPoints - 1));
    await limiters.pair.block(pair, seconds);
  }
  const total = await limiters.account.penalty(account, 1);
  const over = total.consumedPoints - ACCOUNT_FREE_FAILURES;
  if (over > 0) {
    await limiters.accountBackoff.block(account, Math.min(MAX_ACCOUNT_BACKOFF_SECONDS, 2 ** over));
  }
}

/**
 * Clears the account's failures: its cross-IP count and, given the IP it
 * signed in from, that pair's. Other IPs' pairs stay as they are (an
 * attacker's lockout is not lifted by the owner signing in).
 */
export async function recordLoginSuccess(email: string, ip?: string | null): Promise<void> {
  const account = accountKey(email);
  const pending = [limiters.account.delete(account), limiters.accountBackoff.delete(account)];
  if (ip !== undefined) pending.push(limiters.pair.delete(pairKey(email, ip)), limiters.pairLockouts.delete(pairKey(email, ip)));
  await Promise.all(pending);
}
