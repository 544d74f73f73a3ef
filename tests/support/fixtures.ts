import { db } from "@/lib/db";
import { newId } from "@/lib/ids";
import type { UserActor } from "@/lib/auth/actor";
import type { Role } from "@/lib/permissions";

const FRESHLY_VERIFIED = new Date(8.64e15);

/** A merchant with one member per requested role, and an actor for each. */
export async function makeMerchant(name = "Test merchant", roles: Role[] = ["owner", "admin", "developer", "viewer"]) {
  const merchant = await db.merchant.create({ data: { id: newId("mer"), name } });
  const actors = {} as Record<Role, UserActor>;
  for (const role of roles) {
    const user = await db.user.create({
      data: { id: newId("usr"), email: `${role}-${merchant.id}@example.test`.toLowerCase(), name: `${role} user`, passwordHash: "x" },
    });
    await db.membership.create({ data: { id: newId("mem"), userId: user.id, merchantId: merchant.id, role } });
    // Members who have just confirmed it's them (step-up, lib/auth/step-up.ts, has its own tests), whatever the test clock says.
    actors[role] = { kind: "user", userId: user.id, label: user.email, merchantId: merchant.id, role, ip: "127.0.0.1", verifiedAt: FRESHLY_VERIFIED };
  }
  return { merchant, actors };
}
