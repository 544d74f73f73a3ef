"use client";

import { useActionState, useEffect, useRef, useState } from "react";
import { useStepUp } from "@/components/step-up";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input, Textarea } from "@/components/ui/field";
import { startImpersonationAction, type StartImpersonationState } from "../actions";
import { FormAlert } from "@/components/ui/form-alert";
import { DialogActions } from "@/components/ui/dialog-actions";

export function StartImpersonationButton({ merchant, disabled }: { merchant: { id: string; name: string }; disabled: boolean }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        size="sm"
        variant="secondary"
        onClick={() => setOpen(true)}
        disabled={disabled}
        title={disabled ? "End your current impersonation first" : undefined}
      >
        Impersonate
      </Button>
      {open && <StartImpersonationDialog merchant={merchant} onClose={() => setOpen(false)} />}
    </>
  );
}

function StartImpersonationDialog({ merchant, onClose }: { merchant: { id: string; name: string }; onClose: () => void }) {
  const [state, action, pending] = useActionState<StartImpersonationState, FormData>(startImpersonationAction, {});
  // Controlled, so a wrong password does not wipe the reason (React resets forms after an action).
  const [reason, setReason] = useState("");
  const [ticketRef, setTicketRef] = useState("");
  const [password, setPassword] = useState("");
  const err = (name: string) => state.fieldErrors?.[name]?.[0];
  // Staff with a second factor confirm it first when their last confirmation is old; then it starts by itself.
  const form = useRef<HTMLFormElement>(null);
  const stepUp = useStepUp();
  useEffect(() => {
    if (state.code !== "step_up_required") return;
    void stepUp.request().then((ok) => ok && form.current?.requestSubmit());
  }, [state, stepUp]);
  return (
    <Dialog
      open
      onOpenChange={(o) => !o && onClose()}
      title={`Impersonate ${merchant.name}`}
      description="You will see what the merchant's owner sees. You cannot reveal, create or roll secrets, read provider credentials or change the team. The merchant sees this access, your name and your reason in their audit log."
    >
      <form ref={form} action={action} className="space-y-4">
        <input type="hidden" name="merchantId" value={merchant.id} />
        <Field label="Reason" hint="Why you need access, e.g. what the merchant asked for" error={err("reason")}>
          {(p) => <Textarea {...p} name="reason" rows={3} required maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
        <Field label="Ticket reference (optional)" error={err("ticketRef")}>
          {(p) => <Input {...p} name="ticketRef" maxLength={64} placeholder="e.g. SUP-1234" value={ticketRef} onChange={(e) => setTicketRef(e.target.value)} />}
        </Field>
        <Field label="Your password" hint="Re-enter your password to confirm it is you" error={err("password")}>
          {(p) => (
            <Input {...p} name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
          )}
        </Field>
        {state.error && !state.fieldErrors && state.code !== "step_up_required" && (
          <FormAlert>
            {state.error}
          </FormAlert>
        )}
        <DialogActions onCancel={onClose} label="Start impersonation" pendingLabel="Starting…" pending={pending} />
      </form>
    </Dialog>
  );
}
