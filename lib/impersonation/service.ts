import "server-only";
import { hasSecondFactor } from "@/lib/auth/second-factor";
import { requireRecentVerification } from "@/lib/auth/step-up";
import { db, type Tx } from "@/lib/db";
import type { ImpersonationSession } from "@/lib/generated/sqlite/client";
import type { UserActor } from "@/lib/auth/actor";
import { verifyPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { ServiceError, conflict, forbidden, notFound, zodFieldErrors } from "@/lib/errors";
import { newId } from "@/lib/ids";
import {
  merchantSearchSchema,
  startImpersonationSchema,
  type MerchantSearchInput,
  type StartImpersonationInput,
} from "@/lib/validations/impersonation";
import { impersonationMinutes } from "./config";
import { reauthRetryAfter, recordReauthFailure, recordReauthSuccess } from "./reauth-throttle";

/** A signed-in user as the support console sees them (re-read from the database per request). */
export type StaffUser = { id: string; email: string; name: string; staffRole: string | null; verifiedAt?: Date | null };

type RequestContext = { ip?: string | null; userAgent?: string | null };

/** How an impersonation ended, as recorded in its audit event. */
export type EndedBy = "staff" | "sign_out" | "role_removed" | "expiry";

export function isSupportStaff(user: { staffRole: string | null } | null | undefined): boolean {
  return user?.staffRole === "support";
}

/** The name staff appear under in merchants' audit logs (session.ts uses the same). */
export function staffLabelOf(user: { name: string; email: string }): string {
  return user.name || user.email;
}

function assertSupport(staff: StaffUser): void {
  // Merchant users never impersonate; neither do staff without the support role.
  if (!isSupportStaff(staff)) throw forbidden("Only support staff can do this");
}

/** The actor audit events of one impersonation are written as: the staff member inside the merchant. */
function sessionActor(staff: { id: string; name: string; email: string }, row: ImpersonationSession, context: RequestContext): UserActor {
  return {
    kind: "user",
    userId: staff.id,
    label: staff.email,
    merchantId: row.merchantId,
    role: "owner",
    impersonation: { id: row.id, staffUserId: staff.id, staffLabel: staffLabelOf(staff), reason: row.reason, expiresAt: row.expiresAt },
    ip: context.ip ?? null,
    userAgent: context.userAgent ?? null,
  };
}

export type MerchantHit = { id: string; name: string; createdAt: Date; memberCount: number; owners: string[] };

/** Case variants of a search term: SQLite's LIKE ignores ASCII case, PostgreSQL's does not. */
function caseVariants(q: string): string[] {
  const title = q.toLowerCase().replace(/(^|\s)\S/g, (c) => c.toUpperCase());
  return [...new Set([q, q.toLowerCase(), q.toUpperCase(), title])];
}

/** Merchants by name, exact id, or a member's email. */
export async function searchMerchants(staff: StaffUser, input: MerchantSearchInput): Promise<MerchantHit[]> {
  assertSupport(staff);
  const parsed = merchantSearchSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(parsed.error.issues));
  const { q } = parsed.data;
  const rows = await db.merchant.findMany({
    where: {
      OR: [
        { id: q },
        ...caseVariants(q).map((v) => ({ name: { contains: v } })),
        { memberships: { some: { user: { email: { contains: q.toLowerCase() } } } } },
      ],
    },
    include: {
      _count: { select: { memberships: true } },
      memberships: { where: { role: "owner" }, select: { user: { select: { email: true } } }, take: 3 },
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: 25,
  });
  return rows.map((m) => ({
    id: m.id,
    name: m.name,
    createdAt: m.createdAt,
    memberCount: m._count.memberships,
    owners: m.memberships.map((o) => o.user.email),
  }));
}

/**
 * Ends one impersonation row (if still open) and records it on the
 * merchant's log. A row past its deadline is closed as expired, at its deadline.
 */
async function finish(tx: Tx, row: ImpersonationSession, how: EndedBy, context: RequestContext): Promise<boolean> {
  const at = now();
  const expired = row.expiresAt <= at;
  const endedAt = expired ? row.expiresAt : at;
  const { count } = await tx.impersonationSession.updateMany({ where: { id: row.id, endedAt: null }, data: { endedAt } });
  if (count !== 1) return false;
  const staff = await tx.user.findUnique({ where: { id: row.staffUserId }, select: { id: true, name: true, email: true } });
  const who = staff ?? { id: row.staffUserId, name: "", email: "deleted staff user" };
  await recordAudit(tx, sessionActor(who, row, expired ? {} : context), {
    action: expired ? "impersonation.expired" : "impersonation.ended",
    targetType: "merchant",
    targetId: row.merchantId,
    merchantId: row.merchantId,
    changes: {
      endedBy: expired ? "expiry" : how,
      startedAt: row.startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      durationSeconds: Math.round((endedAt.getTime() - row.startedAt.getTime()) / 1000),
    },
  });
  return true;
}

/** Closes impersonations whose deadline has passed, so merchants' logs show when they ended. */
export async function closeExpiredImpersonations(filter: { staffUserId?: string; merchantId?: string } = {}): Promise<number> {
  const rows = await db.impersonationSession.findMany({ where: { ...filter, endedAt: null, expiresAt: { lte: now() } }, take: 100 });
  let closed = 0;
  for (const row of rows) if (await db.$transaction((tx) => finish(tx, row, "expiry", {}))) closed++;
  return closed;
}

export type ActiveImpersonation = { id: string; merchantId: string; merchantName: string; reason: string; expiresAt: Date };

export async function activeImpersonationOf(staffUserId: string): Promise<ActiveImpersonation | null> {
  const row = await db.impersonationSession.findFirst({
    where: { staffUserId, endedAt: null, expiresAt: { gt: now() } },
    include: { merchant: { select: { name: true } } },
    orderBy: { startedAt: "desc" },
  });
  return row ? { id: row.id, merchantId: row.merchantId, merchantName: row.merchant.name, reason: row.reason, expiresAt: row.expiresAt } : null;
}

/**
 * Starts impersonating a merchant after the staff member re-enters their
 * password. Refused while another impersonation of theirs is open: they
 * cannot be nested. The caller re-issues the session with the returned id.
 */
export async function startImpersonation(
  staff: StaffUser,
  input: StartImpersonationInput,
  context: RequestContext = {},
): Promise<{ id: string; merchantId: string; merchantName: string; expiresAt: Date }> {
  assertSupport(staff);
  const parsed = startImpersonationSchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid", zodFieldErrors(parsed.error.issues));
  const data = parsed.data;

  const wait = await reauthRetryAfter(staff.id);
  if (wait > 0) {
    throw new ServiceError("rate_limited", `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minute(s).`);
  }
  const user = await db.user.findUnique({ where: { id: staff.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user?.passwordHash ?? null, data.password))) {
    await recordReauthFailure(staff.id);
    throw new ServiceError("validation", "Incorrect password", { password: ["Incorrect password"] });
  }
  await recordReauthSuccess(staff.id);
  // The password was just re-entered; staff with a second factor must also have confirmed it recently.
  if (await hasSecondFactor(staff.id)) requireRecentVerification(staff);

  await closeExpiredImpersonations({ staffUserId: staff.id });
  const at = now();
  return db.$transaction(async (tx) => {
    // A write first: it re-checks the role at this instant and serializes
    // concurrent starts by the same staff member, so only one passes the
    // "nothing open" check below.
    const { count } = await tx.user.updateMany({ where: { id: staff.id, staffRole: "support" }, data: { staffRole: "support" } });
    if (count !== 1) throw forbidden("Only support staff can do this");
    const merchant = await tx.merchant.findUnique({ where: { id: data.merchantId }, select: { id: true, name: true } });
    if (!merchant) throw notFound("No such merchant");
    const open = await tx.impersonationSession.findFirst({ where: { staffUserId: staff.id, endedAt: null, expiresAt: { gt: at } } });
    if (open) throw conflict("You are already impersonating a merchant. End that impersonation first.");
    const row = await tx.impersonationSession.create({
      data: {
        id: newId("imp"),
        staffUserId: staff.id,
        merchantId: merchant.id,
        reason: data.reason,
        ticketRef: data.ticketRef,
        startedAt: at,
        expiresAt: new Date(at.getTime() + impersonationMinutes() * 60_000),
      },
    });
    await recordAudit(tx, sessionActor(staff, row, context), {
      action: "impersonation.started",
      targetType: "merchant",
      targetId: merchant.id,
      merchantId: merchant.id,
      changes: { ticketRef: row.ticketRef, expiresAt: row.expiresAt.toISOString() },
      reason: row.reason,
    });
    return { id: row.id, merchantId: merchant.id, merchantName: merchant.name, expiresAt: row.expiresAt };
  });
}

/**
 * Ends every open impersonation of this staff member (at most one is ever
 * open). Needs no support role: someone whose role was removed can still end theirs.
 */
export async function endImpersonation(staffUserId: string, how: EndedBy, context: RequestContext = {}): Promise<number> {
  const rows = await db.impersonationSession.findMany({ where: { staffUserId, endedAt: null } });
  let ended = 0;
  for (const row of rows) if (await db.$transaction((tx) => finish(tx, row, how, context))) ended++;
  return ended;
}

/** Takes the support role away; any impersonation in progress ends with it. */
export async function removeSupportRole(userId: string): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { staffRole: null } });
    const open = await tx.impersonationSession.findMany({ where: { staffUserId: userId, endedAt: null } });
    for (const row of open) await finish(tx, row, "role_removed", {});
  });
}
