"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";

export type FactorOptions = { totp: boolean; passkey: boolean; recoveryCodes: boolean; password: boolean };
export type FactorInput = { method: "totp" | "recovery_code" | "password"; code: string };
type Outcome = { ok: true } | { ok: false; error: string };

/**
 * Asks for whichever way of confirming it's you the account has: a code
 * from the authenticator app, a passkey, a recovery code, or (for accounts
 * without a second factor) the password. Used at sign-in and for step-up.
 */
export function SecondFactorForm({
  options,
  onSubmit,
  onPasskey,
  submitLabel,
  onCancel,
}: {
  options: FactorOptions;
  onSubmit: (input: FactorInput) => Promise<Outcome>;
  onPasskey?: () => Promise<Outcome>;
  submitLabel: string;
  onCancel?: () => void;
}) {
  const initial: FactorInput["method"] = options.totp ? "totp" : options.password ? "password" : "recovery_code";
  const [method, setMethod] = useState<FactorInput["method"]>(initial);
  const [code, setCode] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const showForm = options.totp || options.password || method === "recovery_code" || !options.passkey;

  async function run(fn: () => Promise<Outcome>) {
    setPending(true);
    setError(null);
    try {
      const outcome = await fn();
      if (!outcome.ok) setError(outcome.error);
    } catch {
      setError("Something went wrong. Try again.");
    } finally {
      setPending(false);
    }
  }

  function submit(e: React.FormEvent) {
    e.preventDefault();
    if (!code.trim()) {
      setError(method === "password" ? "Enter your password" : method === "totp" ? "Enter the 6-digit code" : "Enter a recovery code");
      return;
    }
    void run(() => onSubmit({ method, code }));
  }

  function switchTo(next: FactorInput["method"]) {
    setMethod(next);
    setCode("");
    setError(null);
  }

  const label = method === "totp" ? "Authentication code" : method === "password" ? "Password" : "Recovery code";
  const hint =
    method === "totp" ? "The 6-digit code from your authenticator app" : method === "recovery_code" ? "One of the codes you saved, like abcde-23456. Each works once." : undefined;

  return (
    <div className="space-y-4">
      {options.passkey && onPasskey && (
        <Button className="w-full" variant={options.totp ? "secondary" : "primary"} disabled={pending} onClick={() => void run(onPasskey)}>
          <KeyRound className="h-4 w-4" aria-hidden />
          Use a passkey
        </Button>
      )}
      {showForm && (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <Field label={label} hint={hint} error={error ?? undefined}>
            {(p) => (
              <Input
                {...p}
                key={method}
                type={method === "password" ? "password" : "text"}
                inputMode={method === "totp" ? "numeric" : undefined}
                autoComplete={method === "totp" ? "one-time-code" : method === "password" ? "current-password" : "off"}
                value={code}
                onChange={(e) => setCode(e.target.value)}
                autoFocus
                maxLength={200}
              />
            )}
          </Field>
          <div className="flex justify-end gap-2">
            {onCancel && (
              <Button variant="secondary" onClick={onCancel}>
                Cancel
              </Button>
            )}
            <Button type="submit" disabled={pending} className={onCancel ? undefined : "w-full"}>
              {pending ? "Checking…" : submitLabel}
            </Button>
          </div>
        </form>
      )}
      {!showForm && error && <FormAlert>{error}</FormAlert>}
      <div className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {method !== "totp" && options.totp && (
          <button type="button" className="text-indigo-700 underline-offset-2 hover:underline" onClick={() => switchTo("totp")}>
            Use your authenticator app
          </button>
        )}
        {method !== "recovery_code" && options.recoveryCodes && (
          <button type="button" className="text-indigo-700 underline-offset-2 hover:underline" onClick={() => switchTo("recovery_code")}>
            Use a recovery code
          </button>
        )}
      </div>
    </div>
  );
}
