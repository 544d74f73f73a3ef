import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { requireMerchantActor } from "@/lib/auth/session";
import { canManageTeam, hiddenControlsNotice } from "@/lib/permissions";
import { RoleNotice } from "@/components/role-notice";
import { listTeam } from "@/lib/team/service";
import { ROLE_DESCRIPTIONS, assignableRoles, canManageMember, canWithdrawInvite } from "@/lib/team/rules";
import { InviteMemberButton } from "./_components/invite-member-dialog";
import { MemberActions, RoleControl } from "./_components/member-actions";
import { RevokeInviteButton } from "./_components/revoke-invite-button";
import { DataTable } from "@/components/ui/data-table";
import { formatDate } from "@/lib/utils/format";
import { SecondFactorSetting } from "./_components/second-factor-setting";

export const metadata: Metadata = { title: "Team" };


export default async function TeamPage() {
  const { actor } = await requireMerchantActor();
  const { members, invites } = await listTeam(actor);
  // The UI hides what this role may not do; the team service refuses it anyway.
  const manager = !actor.impersonation && canManageTeam(actor.role);
  const assignable = manager ? assignableRoles(actor.role) : [];
  const ownerCount = members.filter((m) => m.role === "owner").length;

  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Team</h1>
          <p className="mt-1 text-sm text-slate-600">
            Owners and admins invite members and change their roles. Only owners can make someone an owner, and every merchant
            keeps at least one owner.
          </p>
        </div>
        {manager && <InviteMemberButton roles={assignable} />}
      </div>
      {actor.impersonation && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">Support staff can view the team but not change it.</p>
      )}
      {!actor.impersonation && !manager && (
        <RoleNotice>{hiddenControlsNotice({ role: actor.role, impersonating: false }, { kind: "team" })}</RoleNotice>
      )}

      <section aria-labelledby="members-heading" className="space-y-3">
        <h2 id="members-heading" className="text-lg font-medium">
          Members
        </h2>
        <DataTable columns={["Name", "Email", "Role", "Joined", ""]}>
              {members.map((m) => {
                const isYou = m.userId === actor.userId && !actor.impersonation;
                const lastOwner = m.role === "owner" && ownerCount <= 1;
                const manageable = manager && canManageMember(actor.role, m.role);
                return (
                  <tr key={m.id}>
                    <th scope="row" className="px-4 py-2 text-left font-medium">
                      {m.name || m.email} {isYou && <Badge tone="blue">You</Badge>}
                    </th>
                    <td className="px-4 py-2 text-slate-600">{m.email}</td>
                    <td className="px-4 py-2">
                      {manageable && !lastOwner ? (
                        <RoleControl membershipId={m.id} name={m.name || m.email} role={m.role} roles={assignable} />
                      ) : (
                        <span title={ROLE_DESCRIPTIONS[m.role]}>
                          <span className="capitalize">{m.role}</span>
                          {lastOwner && <span className="ml-1 text-xs text-slate-500">(last owner)</span>}
                        </span>
                      )}
                    </td>
                    <td className="px-4 py-2 text-slate-600">{formatDate(m.joinedAt)}</td>
                    <td className="px-4 py-2 text-right">
                      {!actor.impersonation && !lastOwner && (isYou || manageable) && (
                        <MemberActions membershipId={m.id} name={m.name || m.email} self={isYou} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
      </section>

      {(manager || actor.impersonation || invites.length > 0) && (
        <section aria-labelledby="invites-heading" className="space-y-3">
          <h2 id="invites-heading" className="text-lg font-medium">
            Pending invites
          </h2>
          {invites.length === 0 ? (
            <p className="text-sm text-slate-600">No pending invites.</p>
          ) : (
            <DataTable columns={["Email", "Role", "Invited by", "Expires", ""]}>
                  {invites.map((i) => (
                    <tr key={i.id}>
                      <th scope="row" className="px-4 py-2 text-left font-medium">{i.email}</th>
                      <td className="px-4 py-2 capitalize">{i.role}</td>
                      <td className="px-4 py-2 text-slate-600">{i.invitedBy ?? "—"}</td>
                      <td className="px-4 py-2">
                        {i.status === "expired" ? <Badge tone="red">Expired</Badge> : formatDate(i.expiresAt)}
                      </td>
                      <td className="px-4 py-2 text-right">
                        {manager && canWithdrawInvite(actor.role, i.role) && <RevokeInviteButton inviteId={i.id} email={i.email} />}
                      </td>
                    </tr>
                  ))}
                </DataTable>
          )}
        </section>
      )}

      <SecondFactorSetting actor={actor} />
    </div>
  );
}
