"use client";

import { useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog, ReturnFocusContext } from "@/components/ui/dialog";
import { DialogActions } from "@/components/ui/dialog-actions";
import { FormAlert } from "@/components/ui/form-alert";
import { ROLE_DESCRIPTIONS } from "@/lib/team/rules";
import { Select } from "@/components/ui/field";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import type { Role } from "@/lib/permissions";
import { changeRoleAction, removeMemberAction } from "../actions";

const article = (r: Role) => (r === "admin" || r === "owner" ? "an" : "a");

/** A member's role; a new pick asks for confirmation before it applies, and focus comes back to the select. */
export function RoleControl({ membershipId, name, role, roles }: { membershipId: string; name: string; role: Role; roles: Role[] }) {
  const [pendingRole, setPendingRole] = useState<Role | null>(null);
  const select = useRef<HTMLSelectElement>(null);
  const change = useActionMutation(changeRoleAction, {
    success: (d) => `${d.email} is now ${article(d.role)} ${d.role}`,
    onSuccess: () => setPendingRole(null),
    toastErrors: false,
  });
  // An admin looking at a member they may manage never sees "owner" offered, but the current value must show.
  const options = roles.includes(role) ? roles : [role, ...roles];
  return (
    <ReturnFocusContext.Provider value={select}>
      <Select
        ref={select}
        aria-label={`Role of ${name}`}
        className="w-36"
        value={role}
        disabled={change.isPending}
        onChange={(e) => {
          const next = e.target.value as Role;
          if (next !== role) {
            change.reset();
            setPendingRole(next);
          }
        }}
      >
        {options.map((r) => (
          <option key={r} value={r}>
            {r[0]!.toUpperCase() + r.slice(1)}
          </option>
        ))}
      </Select>
      <Dialog
        open={pendingRole !== null}
        onOpenChange={(o) => !o && setPendingRole(null)}
        title={pendingRole ? `Make ${name} ${article(pendingRole)} ${pendingRole}?` : ""}
        description={
          pendingRole ? (
            <>
              Now: {ROLE_DESCRIPTIONS[role].toLowerCase()}. As {article(pendingRole)} {pendingRole}: {ROLE_DESCRIPTIONS[pendingRole].toLowerCase()}. It
              applies at once, in every session they have open.
            </>
          ) : undefined
        }
      >
        <form
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (pendingRole) change.mutate({ membershipId, role: pendingRole });
          }}
        >
          {change.error && <FormAlert>{change.error.result?.error ?? "Could not change the role"}</FormAlert>}
          <DialogActions
            onCancel={() => setPendingRole(null)}
            label={pendingRole ? `Make ${pendingRole}` : "Change role"}
            pendingLabel="Changing…"
            pending={change.isPending}
          />
        </form>
      </Dialog>
    </ReturnFocusContext.Provider>
  );
}

export function MemberActions({ membershipId, name, self }: { membershipId: string; name: string; self: boolean }) {
  const [open, setOpen] = useState(false);
  const remove = useActionMutation(removeMemberAction, {
    success: self ? "You left the team" : `${name} was removed`,
    onSuccess: () => setOpen(false),
  });
  const verb = self ? "Leave team" : "Remove";
  return (
    <>
      <Button variant="ghost" size="sm" onClick={() => setOpen(true)} aria-label={self ? "Leave team" : `Remove ${name}`}>
        {verb}
      </Button>
      <Dialog
        open={open}
        onOpenChange={setOpen}
        title={self ? "Leave this team?" : `Remove ${name}?`}
        description={
          self
            ? "You lose access to this merchant's keys, applications and audit log at once."
            : `${name} loses access to this merchant at once. Keys they created keep working.`
        }
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setOpen(false)}>
            Cancel
          </Button>
          <Button variant="danger" disabled={remove.isPending} onClick={() => remove.mutate(membershipId)}>
            {self ? "Leave team" : "Remove member"}
          </Button>
        </div>
      </Dialog>
    </>
  );
}
