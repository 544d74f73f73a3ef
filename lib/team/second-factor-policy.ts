import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { isImpersonating } from "@/lib/auth/actor";
import { hasSecondFactor } from "@/lib/auth/second-factor";
import { requireRecentVerification } from "@/lib/auth/step-up";
import { recordAudit } from "@/lib/audit/record";
import { ServiceError, conflict, forbidden } from "@/lib/errors";
import { secondFactorPolicySchema, type SecondFactorPolicyInput } from "@/lib/validations/team";

/**
 * The owner's "Require a second factor for all members" switch. Owners
 * only, with a recent confirmation, and only once the owner has one
 * themselves; audited in the same transaction as the change.
 */
export async function setRequireSecondFactor(actor: Actor, input: SecondFactorPolicyInput): Promise<{ requireSecondFactor: boolean }> {
  if (actor.kind !== "user") throw forbidden("API keys cannot change team settings");
  if (isImpersonating(actor)) throw forbidden("Support staff cannot change the team while impersonating a merchant");
  requireRecentVerification(actor);
  const parsed = secondFactorPolicySchema.safeParse(input);
  if (!parsed.success) throw new ServiceError("validation", "Some fields are invalid");
  const { requireSecondFactor } = parsed.data;
  if (requireSecondFactor && !(await hasSecondFactor(actor.userId))) {
    throw conflict("Set up a second factor for your own account first (Account → Security).");
  }
  return db.$transaction(async (tx) => {
    const own = await tx.membership.findFirst({ where: { userId: actor.userId, merchantId: actor.merchantId }, select: { role: true } });
    if (own?.role !== "owner") throw forbidden("Only owners can change this setting");
    const before = await tx.merchant.findUniqueOrThrow({ where: { id: actor.merchantId }, select: { requireSecondFactor: true } });
    if (before.requireSecondFactor === requireSecondFactor) return { requireSecondFactor };
    await tx.merchant.update({ where: { id: actor.merchantId }, data: { requireSecondFactor } });
    await recordAudit(tx, actor, {
      action: "team.second_factor_requirement_changed",
      targetType: "merchant",
      targetId: actor.merchantId,
      changes: { requireSecondFactor: [before.requireSecondFactor, requireSecondFactor] },
    });
    return { requireSecondFactor };
  });
}

/** How many members of the merchant have no second factor yet (shown next to the switch). */
export async function membersWithoutSecondFactor(merchantId: string): Promise<number> {
  return db.membership.count({
    where: { merchantId, user: { totpEnabledAt: null, passkeys: { none: {} } } },
  });
}
