"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Select } from "@/components/ui/field";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import type { Role } from "@/lib/permissions";
import { changeRoleAction, removeMemberAction } from "../actions";

export function RoleControl({ membershipId, name, role, roles }: { membershipId: string; name: string; role: Role; roles: Role[] }) {
  const [value, setValue] = useState<Role>(role);
  const change = useActionMutation(changeRoleAction, {
    success: (d) => `${d.email} is now ${d.role === "admin" ? "an" : "a"} ${d.role}`,
    onSuccess: (d) => setValue(d.role),
  });
  // An admin looking at a member they may manage never sees "owner" offered, but the current value must show.
  const options = roles.includes(role) ? roles : [role, ...roles];
  return (
    <Select
      aria-label={`Role of ${name}`}
      className="w-36"
      value={value}
      disabled={change.isPending}
      onChange={(e) => {
        const next = e.target.value as Role;
        setValue(next);
        change.mutate({ membershipId, role: next }, { onError: () => setValue(role) });
      }}
    >
      {options.map((r) => (
        <option key={r} value={r}>
          {r[0]!.toUpperCase() + r.slice(1)}
        </option>
      ))}
    </Select>
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
