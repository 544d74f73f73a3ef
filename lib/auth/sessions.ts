import "server-only";
import { db, type Tx } from "@/lib/db";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";

/**
 * Server-side session records. The JWT only carries the record's id (`sid`);
 * the record decides whether the session still exists, so ending it in the
 * database ends it everywhere, including for a copied cookie.
 */

const HOUR = 3_600_000;
/** lastSeenAt is written at most this often: one write a minute per session. */
const TOUCH_EVERY_MS = 60_000;

function hoursFromEnv(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const sessionMaxAgeMs = () => hoursFromEnv("KEYWARD_SESSION_MAX_AGE_HOURS", 7 * 24) * HOUR;
export const sessionIdleMs = () => hoursFromEnv("KEYWARD_SESSION_IDLE_HOURS", 8) * HOUR;

export type EndReason = "signed_out" | "revoked" | "password_changed" | "membership_removed" | "expired" | "idle";
export type VerifiedBy = "password" | "totp" | "recovery_code" | "passkey";

export type SessionRecord = {
  id: string;
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
  expiresAt: Date;
  secondFactorPending: boolean;
  verifiedAt: Date;
  verifiedBy: string;
};

const recordSelect = {
  id: true,
  userId: true,
  createdAt: true,
  lastSeenAt: true,
  expiresAt: true,
  secondFactorPending: true,
  verifiedAt: true,
  verifiedBy: true,
} as const;

export async function createSession(input: {
  userId: string;
  ip?: string | null;
  userAgent?: string | null;
  secondFactorPending: boolean;
}): Promise<SessionRecord> {
  const at = now();
  return db.userSession.create({
    data: {
      id: newId("ses"),
      userId: input.userId,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(at.getTime() + sessionMaxAgeMs()),
      ip: input.ip ?? null,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
      secondFactorPending: input.secondFactorPending,
      verifiedAt: at,
      verifiedBy: "password",
    },
    select: recordSelect,
  });
}

/**
 * The live session with this id, or null. A session past its absolute end or
 * idle for too long is ended on the spot. Seen-at moves at most once a minute
 * and never moves the absolute end.
 */
export async function validateSession(sid: unknown, userId?: unknown): Promise<SessionRecord | null> {
  if (typeof sid !== "string" || !sid) return null;
  const row = await db.userSession.findFirst({
    where: { id: sid, endedAt: null, ...(typeof userId === "string" ? { userId } : {}) },
    select: recordSelect,
  });
  if (!row) return null;
  const at = now();
  if (row.expiresAt <= at) {
    await endSession(row.id, "expired");
    return null;
  }
  if (row.lastSeenAt.getTime() + sessionIdleMs() <= at.getTime()) {
    await endSession(row.id, "idle");
    return null;
  }
  if (at.getTime() - row.lastSeenAt.getTime() >= TOUCH_EVERY_MS) {
    await db.userSession.updateMany({ where: { id: row.id, endedAt: null }, data: { lastSeenAt: at } });
    row.lastSeenAt = at;
  }
  return row;
}

export async function endSession(id: string, reason: EndReason, client: Tx = db): Promise<boolean> {
  const { count } = await client.userSession.updateMany({ where: { id, endedAt: null }, data: { endedAt: now(), endReason: reason } });
  return count === 1;
}

/** Ends every live session of the user except `keepId` (if given); returns how many ended. */
export async function endUserSessions(userId: string, reason: EndReason, keepId?: string | null, client: Tx = db): Promise<number> {
  const { count } = await client.userSession.updateMany({
    where: { userId, endedAt: null, ...(keepId ? { id: { not: keepId } } : {}) },
    data: { endedAt: now(), endReason: reason },
  });
  return count;
}

/** Records a successful confirmation (second factor at sign-in, or a step-up). */
export async function markVerified(id: string, by: VerifiedBy): Promise<void> {
  await db.userSession.updateMany({
    where: { id, endedAt: null },
    data: { verifiedAt: now(), verifiedBy: by, secondFactorPending: false, challenge: null, challengeExpiresAt: null },
  });
}

export type SessionView = {
  id: string;
  createdAt: Date;
  lastSeenAt: Date;
  ip: string | null;
  browser: string;
  current: boolean;
};

export async function listActiveSessions(userId: string, currentId: string | null): Promise<SessionView[]> {
  const at = now();
  const rows = await db.userSession.findMany({
    where: {
      userId,
      endedAt: null,
      secondFactorPending: false,
      expiresAt: { gt: at },
      lastSeenAt: { gt: new Date(at.getTime() - sessionIdleMs()) },
    },
    orderBy: { lastSeenAt: "desc" },
  });
  // This session first, then the most recently used.
  rows.sort((a, b) => Number(b.id === currentId) - Number(a.id === currentId));
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.createdAt,
    lastSeenAt: r.lastSeenAt,
    ip: r.ip,
    browser: describeUserAgent(r.userAgent),
    current: r.id === currentId,
  }));
}

/** "Firefox on Linux": good enough to recognise one's own devices. */
export function describeUserAgent(ua: string | null | undefined): string {
  if (!ua) return "Unknown browser";
  const browser =
    /Edg\//.test(ua) ? "Edge"
    : /OPR\/|Opera/.test(ua) ? "Opera"
    : /Firefox\//.test(ua) ? "Firefox"
    : /Chrome\/|Chromium\/|CriOS\//.test(ua) ? "Chrome"
    : /Safari\//.test(ua) ? "Safari"
    : /curl\//i.test(ua) ? "curl"
    : "Unknown browser";
  const os =
    /iPhone|iPad|iPod/.test(ua) ? "iOS"
    : /Android/.test(ua) ? "Android"
    : /Windows/.test(ua) ? "Windows"
    : /Mac OS X|Macintosh/.test(ua) ? "macOS"
    : /CrOS/.test(ua) ? "ChromeOS"
    : /Linux/.test(ua) ? "Linux"
    : null;
  return os ? `${browser} on ${os}` : browser;
}

/** Ended or expired session records are kept 30 days (for the record), then deleted. */
const SESSION_RETENTION_MS = 30 * 86_400_000;

export async function purgeOldSessions(at = now()): Promise<number> {
  const before = new Date(at.getTime() - SESSION_RETENTION_MS);
  const { count } = await db.userSession.deleteMany({ where: { OR: [{ endedAt: { lt: before } }, { expiresAt: { lt: before } }] } });
  return count;
}
