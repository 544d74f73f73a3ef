import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/actor";
import { membersWithoutSecondFactor } from "@/lib/team/second-factor-policy";
import { SecondFactorToggle } from "./second-factor-toggle";

/** The owner's "Require a second factor for all members" setting; others see its state. */
export async function SecondFactorSetting({ actor }: { actor: UserActor }) {
  const merchant = await db.merchant.findUniqueOrThrow({ where: { id: actor.merchantId }, select: { requireSecondFactor: true } });
  const without = await membersWithoutSecondFactor(actor.merchantId);
  const owner = actor.role === "owner" && !actor.impersonation;
  return (
    <section aria-labelledby="security-heading" className="space-y-3">
      <h2 id="security-heading" className="text-lg font-medium">
        Security
      </h2>
      <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        {owner ? (
          <SecondFactorToggle enabled={merchant.requireSecondFactor} />
        ) : (
          <p className="text-sm text-slate-700">
            A second factor is {merchant.requireSecondFactor ? "required" : "not required"} for members. Only owners can change this.
          </p>
        )}
        <p className="mt-2 text-sm text-slate-600">
          {without === 0
            ? "Every member has a second factor."
            : `${without === 1 ? "1 member has" : `${without} members have`} no second factor yet${merchant.requireSecondFactor ? " and will be asked to set one up before anything else" : ""}.`}
        </p>
      </div>
    </section>
  );
}
