"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { loginAction, type LoginState } from "./actions";
import { FormAlert } from "@/components/ui/form-alert";

export function LoginForm({ next }: { next?: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(loginAction, {});
  return (
    <form action={action} className="space-y-4" noValidate>
      <input type="hidden" name="next" value={next ?? ""} />
      <Field label="Email">
        {(p) => (
          // Keyed by the returned email: the form resets after each attempt, and this brings the email back.
          <Input {...p} key={state.email ?? ""} name="email" type="email" autoComplete="username" required autoFocus={!state.email} defaultValue={state.email} />
        )}
      </Field>
      <Field label="Password">
        {(p) => <Input {...p} key={state.error ?? ""} name="password" type="password" autoComplete="current-password" required autoFocus={Boolean(state.email)} />}
      </Field>
      {state.error && (
        <FormAlert>
          {state.error}
        </FormAlert>
      )}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
