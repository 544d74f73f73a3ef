import "server-only";
import { db, type Tx } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import type { UserActor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { ServiceError, conflict, forbidden, notFound } from "@/lib/errors";
import { newId } from "@/lib/ids";
import { isRole, type Role } from "@/lib/permissions";
import { acceptInviteNewUserSchema, inviteTokenSchema, type AcceptInviteNewUserInput } from "@/lib/validations/team";
import { hashInviteToken, inviteStatus, parse, type InviteStatus } from "./service";

export type InviteLookup = {
  email: string;
  role: Role;
  merchantId: string;
  merchantName: string;
  expiresAt: Date;
  status: InviteStatus;
  /** Whether an account with the invite's email exists (it then signs in to accept). */
  accountExists: boolean;
};

type RequestContext = { ip?: string | null; userAgent?: string | null };

const REFUSALS: Record<Exclude<InviteStatus, "pending">, string> = {
  expired: "This invite link has expired. Ask the person who invited you for a new one.",
  accepted: "This invite link has already been used. Each link works once.",
  revoked: "This invite link was withdrawn. Ask the person who invited you for a new one.",
};

const INVALID = "This invite link is not valid. Check that you copied all of it.";

/** What the invite page shows for a token; null when no invite has it. */
export async function lookupInvite(token: string): Promise<InviteLookup | null> {
  const parsed = inviteTokenSchema.safeParse(token);
  if (!parsed.success) return null;
  const row = await db.invite.findUnique({
    where: { tokenHash: hashInviteToken(parsed.data) },
    include: { merchant: { select: { name: true } } },
  });
  if (!row || !isRole(row.role)) return null;
  const user = await db.user.findUnique({ where: { email: row.email }, select: { id: true } });
  return {
    email: row.email,
    role: row.role,
    merchantId: row.merchantId,
    merchantName: row.merchant.name,
    expiresAt: row.expiresAt,
    status: inviteStatus(row),
    accountExists: Boolean(user),
  };
}

export function refusalFor(status: InviteStatus): string | null {
  return status === "pending" ? null : REFUSALS[status];
}

/**
 * Claims the invite with a conditional update (single use: of concurrent
 * accepts exactly one changes the row) and explains a refusal clearly.
 */
async function claimInvite(tx: Tx, token: string, userId: string) {
  const tokenHash = hashInviteToken(token);
  const at = now();
  const row = await tx.invite.findUnique({ where: { tokenHash } });
  if (!row || !isRole(row.role)) throw notFound(INVALID);
  const role = row.role;
  const { count } = await tx.invite.updateMany({
    where: { tokenHash, acceptedAt: null, revokedAt: null, expiresAt: { gt: at } },
    data: { acceptedAt: at, acceptedById: userId },
  });
  if (count !== 1) {
    const status = inviteStatus(await tx.invite.findUniqueOrThrow({ where: { tokenHash } }), at);
    throw new ServiceError("gone", refusalFor(status === "pending" ? "accepted" : status)!);
  }
  return { ...row, role };
}

async function join(tx: Tx, invite: { id: string; merchantId: string; role: Role; email: string }, user: { id: string; email: string }, context: RequestContext) {
  const membership = await tx.membership.create({
    data: { id: newId("mem"), userId: user.id, merchantId: invite.merchantId, role: invite.role, createdAt: now() },
  });
  const actor: UserActor = {
    kind: "user",
    userId: user.id,
    label: user.email,
    merchantId: invite.merchantId,
    role: invite.role,
    ip: context.ip ?? null,
    userAgent: context.userAgent ?? null,
  };
  await recordAudit(tx, actor, {
    action: "team.invite_accepted",
    targetType: "membership",
    targetId: membership.id,
    changes: { email: user.email, role: invite.role, invite: invite.id },
  });
  return membership;
}

/** A new person accepts: creates their account and membership; the caller then signs them in. */
export async function acceptInviteAsNewUser(
  input: AcceptInviteNewUserInput,
  context: RequestContext = {},
): Promise<{ userId: string; email: string; merchantId: string; role: Role }> {
  const data = parse(acceptInviteNewUserSchema, input);
  // Hashing is slow on purpose: do it before the transaction holds any lock.
  const passwordHash = await hashPassword(data.password);
  try {
    return await db.$transaction(async (tx) => {
      const userId = newId("usr");
      const invite = await claimInvite(tx, data.token, userId);
      if (await tx.user.findUnique({ where: { email: invite.email }, select: { id: true } })) {
        throw conflict("An account with this email already exists. Sign in to accept the invite.");
      }
      const user = await tx.user.create({ data: { id: userId, email: invite.email, name: data.name, passwordHash, createdAt: now() } });
      await join(tx, invite, user, context);
      return { userId: user.id, email: user.email, merchantId: invite.merchantId, role: invite.role };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("An account with this email already exists. Sign in to accept the invite.");
    throw err;
  }
}

/** A signed-in user accepts an invite addressed to their email. */
export async function acceptInviteAsUser(
  user: { id: string; email: string; staffRole: string | null },
  token: string,
  context: RequestContext = {},
): Promise<{ merchantId: string; role: Role }> {
  const parsed = inviteTokenSchema.safeParse(token);
  if (!parsed.success) throw notFound(INVALID);
  if (user.staffRole) throw forbidden("Keyward staff accounts cannot join a merchant");
  try {
    return await db.$transaction(async (tx) => {
      const invite = await claimInvite(tx, parsed.data, user.id);
      if (invite.email !== user.email.toLowerCase()) {
        throw forbidden(`This invite is for ${invite.email}. Sign in with that account to accept it.`);
      }
      if (await tx.membership.findFirst({ where: { userId: user.id, merchantId: invite.merchantId }, select: { id: true } })) {
        throw conflict("You are already a member of this merchant");
      }
      await join(tx, invite, user, context);
      return { merchantId: invite.merchantId, role: invite.role };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw conflict("You are already a member of this merchant");
    throw err;
  }
}
