import type { KeyStatus } from "@/lib/validations/api-key";

type StatusFields = {
  revokedAt: Date | null;
  expiresAt: Date | null;
  replacedById: string | null;
  /** Optional for callers that only tell revoked and expired keys from the rest. */
  disabledAt?: Date | null;
};

/**
 * Revoked beats expired, and both beat disabled (a paused key that has
 * since expired cannot come back); a rolled key still within its grace
 * period is "expiring".
 */
export function keyStatus(key: StatusFields, at: Date): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= at.getTime()) return "expired";
  if (key.disabledAt) return "disabled";
  if (key.replacedById) return "expiring";
  return "active";
}

const notExpired = (at: Date) => ({ OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] });

/** The same rules as keyStatus, as a query filter. */
export function statusWhere(status: KeyStatus, at: Date) {
  switch (status) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: at } };
    case "disabled":
      return { revokedAt: null, disabledAt: { not: null }, ...notExpired(at) };
    case "expiring":
      return { revokedAt: null, disabledAt: null, replacedById: { not: null }, expiresAt: { gt: at } };
    case "active":
      return { revokedAt: null, disabledAt: null, replacedById: null, ...notExpired(at) };
  }
}

/**
 * Keys neither revoked nor expired (active, expiring or disabled), as a
 * query filter: the default list. A disabled key stays in it, since it can
 * be enabled again.
 */
export function currentWhere(at: Date) {
  return { revokedAt: null, ...notExpired(at) };
}
