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

/** The ways this user can confirm it's them. The password counts only without a second factor. */
export async function stepUpOptions(userId: string): Promise<{ totp: boolean; passkey: boolean; recoveryCodes: boolean; password: boolean }> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      totpEnabledAt: true,
      _count: { select: { passkeys: true, recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  const totp = Boolean(user?.totpEnabledAt);
  const passkey = (user?._count.passkeys ?? 0) > 0;
  return { totp, passkey, recoveryCodes: (user?._count.recoveryCodes ?? 0) > 0, password: !totp && !passkey };
}
