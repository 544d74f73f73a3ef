import "server-only";
import { parseInput as parse } from "@/lib/validations/parse";
import { createHash } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import type { Actor, UserActor } from "@/lib/auth/actor";
import { isImpersonating } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { endUserSessions } from "@/lib/auth/sessions";
import { requireRecentVerification } from "@/lib/auth/step-up";
import { now } from "@/lib/clock";
import { ServiceError, conflict, forbidden, notFound } from "@/lib/errors";
import { newId, randomBase62 } from "@/lib/ids";
import { canManageTeam, isRole, type Role } from "@/lib/permissions";
import {
  changeRoleSchema,
  inviteIdSchema,
  inviteMemberSchema,
  membershipIdSchema,
  type ChangeRoleInput,
  type InviteMemberInput,
} from "@/lib/validations/team";
import { withdrawPendingInvites } from "./invite-withdrawal";
import { INVITE_TTL_DAYS, assignableRoles, canManageMember, canWithdrawInvite } from "./rules";

export type MemberView = {
  id: string;
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: Date;
};

export type InviteStatus = "pending" | "expired" | "accepted" | "revoked";

export type InviteView = {
  id: string;
  email: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  invitedBy: string | null;
  status: InviteStatus;
};

export { parse };

/** Invite tokens carry about 256 random bits, so a plain SHA-256 is enough to make a stolen table useless. */
export function hashInviteToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function inviteStatus(row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date }, at = now()): InviteStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= at ? "expired" : "pending";
}

function asRole(value: string): Role {
  // Unknown stored roles grant nothing.
  return isRole(value) ? value : "viewer";
}

/** Staff acting as a merchant and API keys may look at the team but never change it. */
function assertMayChangeTeam(actor: Actor): asserts actor is UserActor {
  if (actor.kind === "api_key") throw forbidden("API keys cannot manage the team");
  if (isImpersonating(actor)) throw forbidden("Support staff cannot change the team while impersonating a merchant");
}

/**
 * Takes the merchant row's write lock (an update that changes nothing):
 * team changes of one merchant then run one at a time, so the owner count
 * read inside the transaction cannot be made stale by a concurrent change.
 */
async function lockMerchant(tx: Tx, merchantId: string): Promise<void> {
  const { count } = await tx.merchant.updateMany({ where: { id: merchantId }, data: { id: merchantId } });
  if (count !== 1) throw notFound("No such merchant");
}

/** The actor's role as it is now, inside the transaction (the session's copy may be stale). */
async function currentRole(tx: Tx, actor: UserActor): Promise<Role> {
  const own = await tx.membership.findFirst({ where: { userId: actor.userId, merchantId: actor.merchantId } });
  if (!own) throw forbidden("You are no longer a member of this merchant");
  return asRole(own.role);
}

async function ownerCount(tx: Tx, merchantId: string): Promise<number> {
  return tx.membership.count({ where: { merchantId, role: "owner" } });
}

export async function listTeam(actor: Actor): Promise<{ members: MemberView[]; invites: InviteView[] }> {
  if (actor.kind === "api_key") throw forbidden("API keys cannot read the team");
  const at = now();
  const [members, invites] = await Promise.all([
    db.membership.findMany({
      where: { merchantId: actor.merchantId },
      include: { user: { select: { name: true, email: true } } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    db.invite.findMany({
      where: { merchantId: actor.merchantId, acceptedAt: null, revokedAt: null },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 100,
    }),
  ]);
  const inviterIds = [...new Set(invites.map((i) => i.invitedById))];
  const inviters = inviterIds.length
    ? await db.user.findMany({ where: { id: { in: inviterIds } }, select: { id: true, name: true, email: true } })
    : [];
  return {
    members: members.map((m) => ({
      id: m.id,
      userId: m.userId,
      name: m.user.name,
      email: m.user.email,
      role: asRole(m.role),
      joinedAt: m.createdAt,
    })),
    invites: invites.map((i) => {
      const by = inviters.find((u) => u.id === i.invitedById);
      return {
        id: i.id,
        email: i.email,
        role: asRole(i.role),
        createdAt: i.createdAt,
        expiresAt: i.expiresAt,
        invitedBy: by ? by.name || by.email : null,
        status: inviteStatus(i, at),
      };
    }),
  };
}

/**
 * Creates an invite and returns its token once: only the token's hash is
 * stored, so the link cannot be shown again. A new invite replaces any
 * pending one for the same address.
 */
export async function inviteMember(actor: Actor, input: InviteMemberInput): Promise<{ invite: InviteView; token: string }> {
  assertMayChangeTeam(actor);
  requireRecentVerification(actor);
  const data = parse(inviteMemberSchema, input);
  const token = randomBase62(43);
  const at = now();
  const expiresAt = new Date(at.getTime() + INVITE_TTL_DAYS * 86_400_000);
  return db.$transaction(async (tx) => {
    await lockMerchant(tx, actor.merchantId);
    const role = await currentRole(tx, actor);
    if (!canManageTeam(role)) throw forbidden("Only owners and admins can invite members");
    if (!assignableRoles(role).includes(data.role)) throw forbidden("Only owners can invite owners");
    const existing = await tx.user.findUnique({
      where: { email: data.email },
      select: { staffRole: true, memberships: { where: { merchantId: actor.merchantId }, select: { id: true } } },
    });
    if (existing?.staffRole) {
      throw new ServiceError("validation", "Keyward staff accounts cannot join a merchant", {
        email: ["Keyward staff accounts cannot join a merchant"],
      });
    }
    if (existing?.memberships.length) {
      throw new ServiceError("conflict", "This person is already a member", { email: ["Already a member of this team"] });
    }
    // Replacing a pending invite withdraws it: the same rule and audit event as an explicit revoke.
    const inviteId = newId("inv");
    const replaced = await withdrawPendingInvites(tx, actor, role, { where: { email: data.email }, reason: "replaced", replacedBy: inviteId });
    const row = await tx.invite.create({
      data: {
        id: inviteId,
        merchantId: actor.merchantId,
        email: data.email,
        role: data.role,
        tokenHash: hashInviteToken(token),
        invitedById: actor.userId,
        createdAt: at,
        expiresAt,
      },
    });
    await recordAudit(tx, actor, {
      action: "team.invite_created",
      targetType: "invite",
      targetId: row.id,
      changes: { email: row.email, role: row.role, expiresAt: expiresAt.toISOString(), ...(replaced.length ? { replacedInvites: replaced } : {}) },
    });
    return {
      invite: { id: row.id, email: row.email, role: data.role, createdAt: at, expiresAt, invitedBy: actor.label, status: "pending" },
      token,
    };
  });
}

export async function revokeInvite(actor: Actor, inviteId: string): Promise<void> {
  assertMayChangeTeam(actor);
  requireRecentVerification(actor);
  const idResult = inviteIdSchema.safeParse(inviteId);
  if (!idResult.success) throw notFound("No such invite");
  const id = idResult.data;
  await db.$transaction(async (tx) => {
    await lockMerchant(tx, actor.merchantId);
    const role = await currentRole(tx, actor);
    const invite = await tx.invite.findFirst({ where: { id, merchantId: actor.merchantId } });
    if (!invite) throw notFound("No such invite");
    if (!canWithdrawInvite(role, isRole(invite.role) ? invite.role : "owner")) {
      throw forbidden(invite.role === "owner" ? "Only owners can withdraw an owner invite" : "Only owners and admins can withdraw invites");
    }
    const withdrawn = await withdrawPendingInvites(tx, actor, role, { where: { id }, reason: "revoked" });
    if (withdrawn.length !== 1) throw conflict("This invite has already been accepted or withdrawn");
  });
}

const LAST_OWNER = "A merchant needs at least one owner: make another member an owner first";

export async function changeMemberRole(actor: Actor, input: ChangeRoleInput): Promise<MemberView> {
  assertMayChangeTeam(actor);
  requireRecentVerification(actor);
  const data = parse(changeRoleSchema, input);
  return db.$transaction(async (tx) => {
    await lockMerchant(tx, actor.merchantId);
    const role = await currentRole(tx, actor);
    const target = await tx.membership.findFirst({
      where: { id: data.membershipId, merchantId: actor.merchantId },
      include: { user: { select: { name: true, email: true } } },
    });
    if (!target) throw notFound("No such member");
    const from = asRole(target.role);
    if (!canManageTeam(role)) throw forbidden("Only owners and admins can change roles");
    if (!canManageMember(role, from)) throw forbidden("Only owners can change an owner's role");
    if (!assignableRoles(role).includes(data.role)) throw forbidden("Only owners can make someone an owner");
    const view = { id: target.id, userId: target.userId, name: target.user.name, email: target.user.email, joinedAt: target.createdAt };
    if (from === data.role) return { ...view, role: from };
    if (from === "owner" && (await ownerCount(tx, actor.merchantId)) <= 1) throw conflict(LAST_OWNER);
    await tx.membership.update({ where: { id: target.id }, data: { role: data.role } });
    await recordAudit(tx, actor, {
      action: "team.role_changed",
      targetType: "membership",
      targetId: target.id,
      changes: { email: target.user.email, role: [from, data.role] },
    });
    return { ...view, role: data.role };
  });
}

/** Removes a member; removing yourself is leaving, which every role may do (except the last owner). */
export async function removeMember(actor: Actor, membershipId: string): Promise<void> {
  assertMayChangeTeam(actor);
  requireRecentVerification(actor);
  const idResult = membershipIdSchema.safeParse(membershipId);
  if (!idResult.success) throw notFound("No such member");
  await db.$transaction(async (tx) => {
    await lockMerchant(tx, actor.merchantId);
    const role = await currentRole(tx, actor);
    const target = await tx.membership.findFirst({
      where: { id: idResult.data, merchantId: actor.merchantId },
      include: { user: { select: { email: true } } },
    });
    if (!target) throw notFound("No such member");
    const self = target.userId === actor.userId;
    const targetRole = asRole(target.role);
    if (!self && !(canManageTeam(role) && canManageMember(role, targetRole))) {
      throw forbidden(targetRole === "owner" ? "Only owners can remove an owner" : "Only owners and admins can remove members");
    }
    if (targetRole === "owner" && (await ownerCount(tx, actor.merchantId)) <= 1) {
      throw conflict(self ? "You are the last owner: make another member an owner before leaving" : LAST_OWNER);
    }
    await tx.membership.delete({ where: { id: target.id } });
    const sessionsEnded = self ? 0 : await endUserSessions(target.userId, "membership_removed", null, tx);
    await recordAudit(tx, actor, {
      action: self ? "team.member_left" : "team.member_removed",
      targetType: "membership",
      targetId: target.id,
      changes: { email: target.user.email, role: targetRole, ...(sessionsEnded ? { sessionsEnded } : {}) },
    });
  });
}
