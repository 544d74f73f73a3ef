"use client";

import { Check, Copy, UserPlus } from "lucide-react";
import { useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import type { z } from "zod";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { fieldsNamed, showActionFailure } from "@/components/hooks/action-form-errors";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import type { Role } from "@/lib/permissions";
import { ROLE_DESCRIPTIONS } from "@/lib/team/rules";
import { inviteMemberSchema } from "@/lib/validations/team";
import { formatDateTime } from "@/lib/utils/format";
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

type InviteForm = z.input<typeof inviteMemberSchema>;

function InviteMemberDialog({ roles, onClose }: { roles: Role[]; onClose: () => void }) {
  const [created, setCreated] = useState<Created | null>(null);
  const invite = useActionMutation(inviteMemberAction, { toastErrors: false });
  const { register, handleSubmit, formState, control, setError } = useForm<InviteForm, unknown, z.output<typeof inviteMemberSchema>>({
    resolver: zodResolver(inviteMemberSchema),
    defaultValues: { email: "", role: roles.includes("developer") ? "developer" : roles[0]! },
  });
  const role = useWatch({ control, name: "role" });

  const onSubmit = handleSubmit(async (values) => {
    try {
      setCreated(await invite.mutateAsync(values));
    } catch (err) {
      showActionFailure(err, setError, fieldsNamed<InviteForm>(["email", "role"]));
    }
  });

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
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <Field label="Email" error={formState.errors.email?.message}>
          {(p) => <Input {...p} {...register("email")} type="email" autoFocus />}
        </Field>
        <Field label="Role" hint={ROLE_DESCRIPTIONS[role]} error={formState.errors.role?.message}>
          {(p) => (
            <Select {...p} {...register("role")}>
              {roles.map((r) => (
                <option key={r} value={r}>
                  {r[0]!.toUpperCase() + r.slice(1)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        {formState.errors.root && <FormAlert>{formState.errors.root.message}</FormAlert>}
        <DialogActions onCancel={onClose} label="Create invite" pendingLabel="Creating…" pending={formState.isSubmitting} />
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
  const expires = new Date(created.expiresAt);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Send this link to <strong>{created.email}</strong>. It makes them a <strong>{created.role}</strong>, works once, and
        expires <time dateTime={created.expiresAt}>{formatDateTime(expires)}</time>. <strong>It is shown only now</strong>: Keyward keeps only a fingerprint of it.
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
