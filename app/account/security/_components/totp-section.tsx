"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, Input } from "@/components/ui/field";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { confirmTotpEnrolmentAction, disableTotpAction, startTotpEnrolmentAction } from "../../actions";
import { RecoveryCodesDialog } from "./recovery-codes-dialog";
import { formatDate } from "@/lib/utils/format";

type Enrolment = { secret: string; qrDataUrl: string };

export function TotpSection({ enabledAt }: { enabledAt: string | null }) {
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [disabling, setDisabling] = useState(false);
  const start = useActionMutation(startTotpEnrolmentAction, { onSuccess: (d) => setEnrolment(d) });

  // One dialog instance for both branches: turning the app on re-renders this section as "On",
  // and the recovery codes (with their "saved" tick) must survive that.
  const codesDialog = codes && <RecoveryCodesDialog codes={codes} onClose={() => setCodes(null)} />;

  return (
    <>
      {codesDialog}
      {enabledAt ? (
        <div className="flex flex-wrap items-center justify-between gap-3">
          <p className="text-sm text-slate-700">
            <span className="font-medium text-emerald-700">On</span> since{" "}
            {formatDate(new Date(enabledAt))}.
          </p>
          <Button variant="secondary" onClick={() => setDisabling(true)}>
            Turn off
          </Button>
          {disabling && <DisableTotpDialog onClose={() => setDisabling(false)} />}
        </div>
      ) : (
        <div className="space-y-4">
          {!enrolment ? (
            <Button onClick={() => start.mutate(undefined)} disabled={start.isPending}>
              {start.isPending ? "Starting…" : "Set up authenticator app"}
            </Button>
          ) : (
            <ConfirmEnrolment
              enrolment={enrolment}
              onCancel={() => setEnrolment(null)}
              onConfirmed={(c) => {
                setEnrolment(null);
                setCodes(c);
              }}
            />
          )}
        </div>
      )}
    </>
  );
}

function ConfirmEnrolment({ enrolment, onCancel, onConfirmed }: { enrolment: Enrolment; onCancel: () => void; onConfirmed: (codes: string[]) => void }) {
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | undefined>();
  const confirm = useActionMutation(confirmTotpEnrolmentAction, {
    toastErrors: false,
    success: "Authenticator app is on",
    onSuccess: (d) => onConfirmed(d.recoveryCodes),
  });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!/^\d{6}$/.test(code.replace(/\s+/g, ""))) {
      setError("Enter the 6-digit code from your authenticator app");
      return;
    }
    setError(undefined);
    confirm.mutate(code, { onError: (err) => setError(err.result?.fieldErrors?.code?.[0] ?? err.result?.error ?? "Something went wrong") });
  }
  return (
    <div className="grid gap-6 md:grid-cols-[auto_1fr]">
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
      <img
        src={enrolment.qrDataUrl}
        alt="QR code for adding Keyward to your authenticator app"
        width={200}
        height={200}
        className="rounded-md ring-1 ring-slate-200"
      />
      <form onSubmit={submit} className="space-y-4" noValidate>
        <ol className="list-decimal space-y-1 pl-5 text-sm text-slate-700">
          <li>Scan the QR code with an authenticator app, or enter the setup key by hand.</li>
          <li>Enter the 6-digit code the app shows.</li>
        </ol>
        <div className="space-y-1">
          <p id="totp-secret-label" className="text-sm font-medium text-slate-800">
            Setup key
          </p>
          <code aria-labelledby="totp-secret-label" data-testid="totp-secret" className="block break-all rounded bg-slate-50 px-2 py-1.5 font-mono text-sm">
            {enrolment.secret}
          </code>
        </div>
        <Field label="Authentication code" error={error}>
          {(p) => (
            <Input {...p} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} maxLength={12} />
          )}
        </Field>
        <div className="flex gap-2">
          <Button type="submit" disabled={confirm.isPending}>
            {confirm.isPending ? "Checking…" : "Turn on"}
          </Button>
          <Button variant="secondary" onClick={onCancel}>
            Cancel
          </Button>
        </div>
      </form>
    </div>
  );
}

function DisableTotpDialog({ onClose }: { onClose: () => void }) {
  const [code, setCode] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>();
  const disable = useActionMutation(disableTotpAction, { toastErrors: false, success: "Authenticator app turned off", onSuccess: onClose });
  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!code.trim() && !password) {
      setError("Enter a current code or your password");
      return;
    }
    disable.mutate({ code, password }, { onError: (err) => (err.result?.fieldErrors ? setError(err.result.error) : toast.error(err.result?.error ?? "Something went wrong")) });
  }
  return (
    <Dialog open onOpenChange={(o) => !o && onClose()} title="Turn off the authenticator app" description="Enter a current code from the app, or your password.">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <Field label="Authentication code">
          {(p) => <Input {...p} inputMode="numeric" autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.target.value)} autoFocus />}
        </Field>
        <Field label="Or your password" error={error}>
          {(p) => <Input {...p} type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" variant="danger" disabled={disable.isPending}>
            {disable.isPending ? "Turning off…" : "Turn off"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
