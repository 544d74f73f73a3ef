"use client";

import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/field";
import { FormAlert } from "@/components/ui/form-alert";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import type { EmailPreferences } from "@/lib/notifications/event-types";
import { saveEmailPreferencesAction } from "../../actions";

type Choice = "off" | "all" | "live";

/** One merchant's email choices: per event type, off, test and live, or (for key events) live only. */
export function EmailPreferencesForm({
  membershipId,
  merchantName,
  role,
  customized,
  preferences,
  catalog,
}: {
  membershipId: string;
  merchantName: string;
  role: string;
  customized: boolean;
  preferences: EmailPreferences;
  catalog: { type: string; label: string; scoped: boolean }[];
}) {
  const headingId = useId();
  const [choices, setChoices] = useState<Record<string, Choice>>(() =>
    Object.fromEntries(catalog.map((t) => [t.type, preferences[t.type] ?? "off"])),
  );
  const save = useActionMutation(saveEmailPreferencesAction, { success: `Saved email choices for ${merchantName}`, toastErrors: false });

  return (
    <section aria-labelledby={headingId} className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:p-6">
      <h2 id={headingId} className="text-base font-semibold text-slate-900">
        {merchantName}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        You are {role === "admin" || role === "owner" ? "an" : "a"} {role}.{" "}
        {customized ? "Your own choices." : "The defaults: leaked keys, keys expiring, new IP addresses on live keys, and old secrets still in use after a roll."}
      </p>
      <form
        className="mt-4"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ membershipId, events: choices });
        }}
      >
        <ul className="divide-y divide-slate-100">
          {catalog.map((t) => {
            const id = `${headingId}-${t.type}`;
            return (
              <li key={t.type} className="grid gap-1 py-2 sm:grid-cols-[1fr_11rem] sm:items-center sm:gap-4">
                <label htmlFor={id} className="text-sm text-slate-800">
                  {t.label}
                  <code className="ml-1.5 hidden font-mono text-xs text-slate-500 sm:inline">{t.type}</code>
                </label>
                <Select id={id} value={choices[t.type]} onChange={(e) => setChoices((c) => ({ ...c, [t.type]: e.target.value as Choice }))}>
                  <option value="off">Off</option>
                  {t.scoped ? (
                    <>
                      <option value="live">Live only</option>
                      <option value="all">Test and live</option>
                    </>
                  ) : (
                    <option value="all">On</option>
                  )}
                </Select>
              </li>
            );
          })}
        </ul>
        {save.error && (
          <div className="mt-3">
            <FormAlert>{save.error.result?.error ?? "Could not save your choices"}</FormAlert>
          </div>
        )}
        <div className="mt-4 flex justify-end">
          <Button type="submit" disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save"}
          </Button>
        </div>
      </form>
    </section>
  );
}
