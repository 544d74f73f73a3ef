import "server-only";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { db } from "@/lib/db";
import { now } from "@/lib/clock";
import { isRole, type Role } from "@/lib/permissions";
import type { Impersonation, UserActor } from "./actor";
import { auth } from "./index";
import { requestContext } from "./request-context";
import { validateSession, type SessionRecord } from "./sessions";
import { databaseWasUnavailable, noteRequestActor } from "@/lib/log/logger.mjs";
import { DatabaseUnavailableError } from "@/lib/db/unavailable";

export const MERCHANT_COOKIE = "kw_merchant";

export type SignedInUser = {
  id: string;
  email: string;
  name: string;
  staffRole: string | null;
  impersonationId: string | null;
  /** The server-side session record this request belongs to. */
  sessionId: string;
  /** When the password or a second factor was last confirmed in this session. */
  verifiedAt: Date;
  hasSecondFactor: boolean;
};

export type CurrentSession = { user: SignedInUser; session: SessionRecord };

/**
 * The session behind this request, re-checked against its server-side
 * record (ended, idle, past its absolute end: null) and the user re-read.
 * Includes sessions still owing a second factor: only /login/verify may use those.
 */
export async function currentSession(): Promise<CurrentSession | null> {
  const decoded = await auth();
  if (!decoded) {
    // Not "signed out" but "cannot tell right now": the error page says so instead of the sign-in form.
    if (databaseWasUnavailable()) throw new DatabaseUnavailableError();
    return null;
  }
  // The record is found by the cookie's session id (and, once signed in, must belong to its user).
  const session = await validateSession((decoded as { sid?: string }).sid, decoded.user?.id);
  if (!session) return null;
  const row = await db.user.findUnique({
    where: { id: session.userId },
    select: { id: true, email: true, name: true, staffRole: true, totpEnabledAt: true, _count: { select: { passkeys: true } } },
  });
  if (!row) return null;
  noteRequestActor({ userId: row.id });
  const { totpEnabledAt, _count, ...user } = row;
  return {
    session,
    user: {
      ...user,
      impersonationId: (decoded as { impersonationId?: string }).impersonationId ?? null,
      sessionId: session.id,
      verifiedAt: session.verifiedAt,
      hasSecondFactor: Boolean(totpEnabledAt) || _count.passkeys > 0,
    },
  };
}

/** The signed-in user, re-read from the database on every request; null when signed out or a second factor is owed. */
export async function currentUser(): Promise<SignedInUser | null> {
  const current = await currentSession();
  if (!current || current.session.secondFactorPending) return null;
  return current.user;
}

export type MerchantChoice = { id: string; name: string; role: Role };

export async function merchantsOf(userId: string): Promise<MerchantChoice[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    include: { merchant: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.flatMap((r) => (isRole(r.role) ? [{ id: r.merchant.id, name: r.merchant.name, role: r.role }] : []));
}

/**
 * An active impersonation for this staff user, re-checked on every request:
 * expired, ended, or a staff member who lost the support role gets none.
 */
async function activeImpersonation(user: SignedInUser): Promise<(Impersonation & { merchantId: string }) | null> {
  if (!user.impersonationId || user.staffRole !== "support") return null;
  const row = await db.impersonationSession.findFirst({
    where: { id: user.impersonationId, staffUserId: user.id, endedAt: null, expiresAt: { gt: now() } },
  });
  if (!row) return null;
  return {
    id: row.id,
    staffUserId: user.id,
    staffLabel: user.name || user.email,
    reason: row.reason,
    expiresAt: row.expiresAt,
    merchantId: row.merchantId,
  };
}

export type ActorResult =
  | { ok: true; actor: UserActor; user: SignedInUser; merchants: MerchantChoice[]; merchantName: string }
  | { ok: false; reason: "signed_out" | "second_factor_pending" | "enrol_required" | "no_merchant" | "staff" };

/**
 * Resolves who is acting and for which merchant. Every dashboard page and
 * server action calls this itself; nothing relies on middleware.
 */
export async function resolveMerchantActor(): Promise<ActorResult> {
  const current = await currentSession();
  if (!current) return { ok: false, reason: "signed_out" };
  if (current.session.secondFactorPending) return { ok: false, reason: "second_factor_pending" };
  const { user } = current;
  const context = { ...(await requestContext()), sessionId: user.sessionId, verifiedAt: user.verifiedAt };
  if (user.staffRole) {
    const imp = await activeImpersonation(user);
    if (!imp) return { ok: false, reason: "staff" };
    const merchant = await db.merchant.findUnique({ where: { id: imp.merchantId }, select: { name: true } });
    if (!merchant) return { ok: false, reason: "staff" };
    const { merchantId, ...impersonation } = imp;
    return {
      ok: true,
      user,
      merchants: [{ id: merchantId, name: merchant.name, role: "owner" }],
      merchantName: merchant.name,
      // Staff see what an owner sees; the services restrict what they may do.
      actor: { kind: "user", userId: user.id, label: user.email, merchantId, role: "owner", impersonation, ...context },
    };
  }
  const merchants = await merchantsOf(user.id);
  if (merchants.length === 0) return { ok: false, reason: "no_merchant" };
  const chosen = (await cookies()).get(MERCHANT_COOKIE)?.value;
  const active = merchants.find((m) => m.id === chosen) ?? merchants[0]!;
  if (!user.hasSecondFactor) {
    const merchant = await db.merchant.findUnique({ where: { id: active.id }, select: { requireSecondFactor: true } });
    if (merchant?.requireSecondFactor) return { ok: false, reason: "enrol_required" };
  }
  return {
    ok: true,
    user,
    merchants,
    merchantName: active.name,
    actor: { kind: "user", userId: user.id, label: user.email, merchantId: active.id, role: active.role, ...context },
  };
}

/** For pages: the actor, or a redirect to where the visitor belongs. */
export async function requireMerchantActor() {
  const result = await resolveMerchantActor();
  if (result.ok) return result;
  if (result.reason === "signed_out") redirect("/login");
  if (result.reason === "second_factor_pending") redirect("/login/verify");
  if (result.reason === "enrol_required") redirect("/account/security?required=1");
  if (result.reason === "staff") redirect("/support");
  redirect("/no-merchant");
}
