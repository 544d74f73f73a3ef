import "server-only";
import { db } from "@/lib/db";

/** Whether the user has confirmed TOTP or registered a passkey. */
export async function hasSecondFactor(userId: string): Promise<boolean> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { totpEnabledAt: true, _count: { select: { passkeys: true } } },
  });
  return Boolean(user && (user.totpEnabledAt || user._count.passkeys > 0));
}
