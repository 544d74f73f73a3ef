import "server-only";
import { now } from "@/lib/clock";
import { ServiceError } from "@/lib/errors";
import type { Actor } from "./actor";

/** How long a confirmed password or second factor lets a session make sensitive changes. */
export const STEP_UP_WINDOW_MS = 10 * 60_000;

export const STEP_UP_MESSAGE = "Confirm it's you to continue";

type Subject = Actor | { kind?: undefined; verifiedAt?: Date | null };

export function isRecentlyVerified(verifiedAt: Date | null | undefined, at = now()): boolean {
  return Boolean(verifiedAt) && at.getTime() - verifiedAt!.getTime() <= STEP_UP_WINDOW_MS;
}

/**
 * Sensitive changes by a person (not an API key) need the password or a
 * second factor confirmed in this session within the last ten minutes:
 * a stolen or forgotten-open session alone is not enough.
 */
export function requireRecentVerification(subject: Subject): void {
  if (subject.kind === "api_key") return;
  if (!isRecentlyVerified(subject.verifiedAt)) throw new ServiceError("step_up_required", STEP_UP_MESSAGE);
}

/** The same, for live-mode keys only: test keys cannot move money. */
export function requireRecentVerificationFor(actor: Actor, environment: string): void {
  if (environment === "live") requireRecentVerification(actor);
}
