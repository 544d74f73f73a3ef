import "server-only";
import { notFound, redirect } from "next/navigation";
import { currentUser, type SignedInUser } from "@/lib/auth/session";

/**
 * For support console pages: the signed-in staff user (support role or
 * not: the page explains a missing role). Merchant users get a 404, so the
 * console does not reveal itself to them.
 */
export async function requireStaffUser(): Promise<SignedInUser> {
  const user = await currentUser();
  if (!user) redirect("/login?next=/support");
  if (!user.staffRole) notFound();
  return user;
}
