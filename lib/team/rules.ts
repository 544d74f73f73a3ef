import type { Role } from "@/lib/permissions";

/**
 * Who may change whom. Owners manage everyone and are the only ones who
 * can make someone an owner; admins manage admins, developers and viewers;
 * developers and viewers may only leave. The last owner can neither leave
 * nor be demoted (enforced by the team service inside its transaction).
 * Pure functions: the team page uses them to hide controls, the service to refuse.
 */

export const INVITE_TTL_DAYS = 7;

export function assignableRoles(actorRole: Role): Role[] {
  if (actorRole === "owner") return ["owner", "admin", "developer", "viewer"];
  if (actorRole === "admin") return ["admin", "developer", "viewer"];
  return [];
}

/** Whether actorRole may change the role of, or remove, a member who holds targetRole. */
export function canManageMember(actorRole: Role, targetRole: Role): boolean {
  if (actorRole === "owner") return true;
  if (actorRole === "admin") return targetRole !== "owner";
  return false;
}

/**
 * Whether actorRole may withdraw a pending invite for inviteRole: the same
 * rule as managing a member of that role (an admin cannot touch an owner
 * invite). It holds on every path that ends an invite: the explicit revoke
 * and a new invite that replaces a pending one for the same address.
 */
export function canWithdrawInvite(actorRole: Role, inviteRole: Role): boolean {
  return (actorRole === "owner" || actorRole === "admin") && canManageMember(actorRole, inviteRole);
}

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: "Everything, including managing owners",
  admin: "Manage all keys, applications and the team (except owners)",
  developer: "Manage test keys and applications; read live ones",
  viewer: "Read only",
};
