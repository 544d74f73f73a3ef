"use client";

import { Check, Copy, UserPlus } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import type { Role } from "@/lib/permissions";
import { ROLE_DESCRIPTIONS } from "@/lib/team/rules";
import { inviteMemberSchema } from "@/lib/validations/team";
import { inviteMemberAction } from "../actions";
import { DialogActions } from "@/components/ui/dialog-actions";

type Created = { email: string; role: Role; expiresAt: string; link: string };

export function InviteMemberButton({ roles }: { roles: Role[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>
        <UserPlus className="h-4 w-4" aria-hidden />
        Invite member
      </Button>
      {open && <InviteMemberDialog roles={roles} onClose={() => setOpen(false)} />}
    </>
  );
}

function InviteMemberDialog({ roles, onClose }: { roles: Role[]; onClose: () => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(roles.includes("developer") ? "developer" : roles[0]!);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [created, setCreated] = useState<Created | null>(null);
  const invite = useActionMutation(inviteMemberAction, {
    toastErrors: false,
    onSuccess: (data) => setCreated(data),
  });

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = inviteMemberSchema.safeParse({ email, role });
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), [i.message]])));
      return;
    }
    setErrors({});
    invite.mutate(parsed.data, {
      onError: (err) => {
        if (err.result?.fieldErrors) setErrors(err.result.fieldErrors);
        else toast.error(err.result?.error ?? "Something went wrong");
      },
    });
  }

  if (created) {
    return (
      // The link is shown once: closing needs a deliberate click.
      <Dialog open onOpenChange={() => {}} dismissible={false} title="Invite created">
        <InviteLink created={created} onDone={onClose} />
      </Dialog>
    );
  }

  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Invite a member">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Email" error={errors.email?.[0]}>
          {(p) => <Input {...p} type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoFocus required />}
        </Field>
        <Field label="Role" hint={ROLE_DESCRIPTIONS[role]} error={errors.role?.[0]}>
          {(p) => (
            <Select {...p} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r[0]!.toUpperCase() + r.slice(1)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <DialogActions onCancel={onClose} label="Create invite" pendingLabel="Creating…" pending={invite.isPending} />
      </form>
    </Dialog>
  );
}

function InviteLink({ created, onDone }: { created: Created; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(created.link);
      setCopied(true);
    } catch {
      toast.error("Could not copy: select the link and copy it instead");
    }
  }
  const expires = new Date(created.expiresAt).toUTCString();
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Send this link to <strong>{created.email}</strong>. It makes them a <strong>{created.role}</strong>, works once, and
        expires {expires}. <strong>It is shown only now</strong>: Keyward keeps only a fingerprint of it.
      </p>
      <Field label="Invite link">
        {(p) => <Input {...p} readOnly value={created.link} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />}
      </Field>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={copy}>
          {copied ? <Check className="h-4 w-4" aria-hidden /> : <Copy className="h-4 w-4" aria-hidden />}
          {copied ? "Copied" : "Copy link"}
        </Button>
        <Button onClick={onDone}>Done</Button>
      </div>
    </div>
  );
}
