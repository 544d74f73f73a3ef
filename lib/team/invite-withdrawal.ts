import "server-only";
import type { Tx } from "@/lib/db";
import type { UserActor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { forbidden } from "@/lib/errors";
import { isRole, type Role } from "@/lib/permissions";
import { canWithdrawInvite } from "./rules";

type Withdrawal = {
  /** Which pending invites to withdraw (always within the actor's merchant). */
  where: { id: string } | { email: string };
  /** Why, recorded with each event: a revoke, or a new invite for the same address. */
  reason: "revoked" | "replaced";
  /** The invite that replaces them, when reason is "replaced". */
  replacedBy?: string;
};

/**
 * The one way a pending invite ends without being accepted. Inside the
 * caller's transaction (which holds the merchant lock and has read the
 * actor's current role): checks the withdrawal rule for every invite it
 * touches, withdraws each with a conditional update (so a concurrent accept
 * or revoke wins cleanly) and records one team.invite_revoked per invite.
 * Returns the ids withdrawn. Refuses the whole change if any invite is one
 * the actor may not withdraw (an admin re-inviting an owner's invitee).
 */
export async function withdrawPendingInvites(tx: Tx, actor: UserActor, actorRole: Role, withdrawal: Withdrawal): Promise<string[]> {
  const at = now();
  const pending = await tx.invite.findMany({
    where: { ...withdrawal.where, merchantId: actor.merchantId, acceptedAt: null, revokedAt: null },
    orderBy: { id: "asc" },
  });
  for (const invite of pending) {
    // Unknown stored roles are treated as the most protected one.
    const role: Role = isRole(invite.role) ? invite.role : "owner";
    if (!canWithdrawInvite(actorRole, role)) {
      throw forbidden(role === "owner" ? "Only owners can withdraw an owner invite" : "Only owners and admins can withdraw invites");
    }
  }
  const withdrawn: string[] = [];
  for (const invite of pending) {
    const { count } = await tx.invite.updateMany({
      where: { id: invite.id, merchantId: actor.merchantId, acceptedAt: null, revokedAt: null },
      data: { revokedAt: at },
    });
    if (count !== 1) continue;
    withdrawn.push(invite.id);
    await recordAudit(tx, actor, {
      action: "team.invite_revoked",
      targetType: "invite",
      targetId: invite.id,
      changes: {
        email: invite.email,
        role: invite.role,
        ...(withdrawal.reason === "replaced" ? { replacedBy: withdrawal.replacedBy ?? null } : {}),
      },
    });
  }
  return withdrawn;
}
