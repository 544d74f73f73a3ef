"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { changePasswordSchema } from "@/lib/validations/account";
import { changePasswordAction } from "../../actions";

const empty = { currentPassword: "", newPassword: "", confirmPassword: "" };

export function ChangePasswordForm() {
  const [values, setValues] = useState(empty);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const change = useActionMutation(changePasswordAction, {
    toastErrors: false,
    success: (d) => (d.sessionsEnded ? `Password changed. ${d.sessionsEnded} other session(s) ended.` : "Password changed"),
    onSuccess: () => setValues(empty),
  });
  const set = (name: keyof typeof empty) => (e: React.ChangeEvent<HTMLInputElement>) => setValues((v) => ({ ...v, [name]: e.target.value }));

  function submit(e: React.FormEvent) {
    e.preventDefault();
    const parsed = changePasswordSchema.safeParse(values);
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), [i.message]])));
      return;
    }
    setErrors({});
    change.mutate(values, {
      onError: (err) => {
        if (err.result?.fieldErrors) setErrors(err.result.fieldErrors);
        else toast.error(err.result?.error ?? "Something went wrong");
      },
    });
  }

  return (
    <form onSubmit={submit} className="max-w-sm space-y-4" noValidate aria-label="Change password">
      <Field label="Current password" error={errors.currentPassword?.[0]}>
        {(p) => <Input {...p} type="password" autoComplete="current-password" value={values.currentPassword} onChange={set("currentPassword")} />}
      </Field>
      <Field label="New password" hint="12 to 200 characters" error={errors.newPassword?.[0]}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" value={values.newPassword} onChange={set("newPassword")} />}
      </Field>
      <Field label="Confirm new password" error={errors.confirmPassword?.[0]}>
        {(p) => <Input {...p} type="password" autoComplete="new-password" value={values.confirmPassword} onChange={set("confirmPassword")} />}
      </Field>
      <Button type="submit" disabled={change.isPending}>
        {change.isPending ? "Changing…" : "Change password"}
      </Button>
      <p className="text-xs text-slate-500">Changing your password signs you out everywhere else.</p>
    </form>
  );
}
