"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { acceptAsNewUserAction, acceptAsUserAction, type AcceptInviteState } from "./actions";
import { FormAlert } from "@/components/ui/form-alert";

function FormError({ state }: { state: AcceptInviteState }) {
  if (!state.error || state.fieldErrors) return null;
  return (
    <FormAlert>
      {state.error}
    </FormAlert>
  );
}

export function NewUserForm({ token, email }: { token: string; email: string }) {
  const [state, action, pending] = useActionState<AcceptInviteState, FormData>(acceptAsNewUserAction, {});
  // Controlled, so a failed attempt keeps what was typed (React resets forms after an action).
  const [name, setName] = useState("");
  const err = (field: string) => state.fieldErrors?.[field]?.[0];
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <Field label="Email">{(p) => <Input {...p} value={email} readOnly autoComplete="username" />}</Field>
      <Field label="Name" error={err("name")}>
        {(p) => <Input {...p} name="name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required maxLength={100} />}
      </Field>
      <Field label="Password" hint="12 to 200 characters" error={err("password")}>
        {(p) => <Input {...p} name="password" type="password" autoComplete="new-password" required minLength={12} maxLength={200} />}
      </Field>
      <Field label="Confirm password" error={err("confirmPassword")}>
        {(p) => <Input {...p} name="confirmPassword" type="password" autoComplete="new-password" required maxLength={200} />}
      </Field>
      <FormError state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Create account and join"}
      </Button>
    </form>
  );
}

export function AcceptAsUserForm({ token }: { token: string }) {
  const [state, action, pending] = useActionState<AcceptInviteState, FormData>(acceptAsUserAction, {});
  return (
    <form action={action} className="space-y-4">
      <input type="hidden" name="token" value={token} />
      <FormError state={state} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Joining…" : "Accept invite"}
      </Button>
    </form>
  );
}
