import type { KeyStatus } from "@/lib/validations/api-key";

type StatusFields = { revokedAt: Date | null; expiresAt: Date | null; replacedById: string | null };

/** Revoked beats expired; a rolled key still within its grace period is "expiring". */
export function keyStatus(key: StatusFields, at: Date): KeyStatus {
  if (key.revokedAt) return "revoked";
  if (key.expiresAt && key.expiresAt.getTime() <= at.getTime()) return "expired";
  if (key.replacedById) return "expiring";
  return "active";
}

/** The same rules as keyStatus, as a query filter. */
export function statusWhere(status: KeyStatus, at: Date) {
  switch (status) {
    case "revoked":
      return { revokedAt: { not: null } };
    case "expired":
      return { revokedAt: null, expiresAt: { lte: at } };
    case "expiring":
      return { revokedAt: null, replacedById: { not: null }, expiresAt: { gt: at } };
    case "active":
      return { revokedAt: null, replacedById: null, OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] };
  }
}

/** Keys that still authenticate (active or in a roll's grace period), as a query filter. */
export function currentWhere(at: Date) {
  return { revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: at } }] };
}

/** Revoked or expired keys: the ones the default list leaves out. */
export function inactiveWhere(at: Date) {
  return { OR: [{ revokedAt: { not: null } }, { expiresAt: { lte: at } }] };
}
