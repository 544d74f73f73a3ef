"use server";

import { headers } from "next/headers";
import { merchantAction } from "@/lib/actions/merchant-action";
import { changeMemberRole, inviteMember, removeMember, revokeInvite } from "@/lib/team/service";
import { setRequireSecondFactor } from "@/lib/team/second-factor-policy";
import type { ChangeRoleInput, InviteMemberInput, SecondFactorPolicyInput } from "@/lib/validations/team";

/** Thin actions: the wrapper resolves the actor; the team service validates, authorizes and audits. */

async function inviteLink(token: string): Promise<string> {
  // merchantAction has already checked that Origin is our own host.
  const base = process.env.APP_URL ?? (await headers()).get("origin") ?? "";
  return `${base.replace(/\/$/, "")}/invite/${token}`;
}

export async function inviteMemberAction(input: InviteMemberInput) {
  return merchantAction(async (actor) => {
    const { invite, token } = await inviteMember(actor, input);
    return { email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString(), link: await inviteLink(token) };
  });
}

export async function changeRoleAction(input: ChangeRoleInput) {
  return merchantAction(async (actor) => {
    const member = await changeMemberRole(actor, input);
    return { email: member.email, role: member.role };
  });
}

export async function removeMemberAction(membershipId: string) {
  return merchantAction(async (actor) => {
    await removeMember(actor, membershipId);
    return { removed: true };
  });
}

export async function revokeInviteAction(inviteId: string) {
  return merchantAction(async (actor) => {
    await revokeInvite(actor, inviteId);
    return { revoked: true };
  });
}

export async function setRequireSecondFactorAction(input: SecondFactorPolicyInput) {
  return merchantAction((actor) => setRequireSecondFactor(actor, input));
}
