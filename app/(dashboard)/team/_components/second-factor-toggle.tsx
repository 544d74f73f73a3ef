"use client";

import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { setRequireSecondFactorAction } from "../actions";

export function SecondFactorToggle({ enabled }: { enabled: boolean }) {
  const change = useActionMutation(setRequireSecondFactorAction, {
    success: (d) => (d.requireSecondFactor ? "Members now need a second factor" : "A second factor is no longer required"),
  });
  return (
    <label className="flex items-start gap-3">
      <input
        type="checkbox"
        className="mt-0.5 h-4 w-4"
        checked={change.isPending ? Boolean(change.variables?.requireSecondFactor) : enabled}
        disabled={change.isPending}
        onChange={(e) => change.mutate({ requireSecondFactor: e.target.checked })}
      />
      <span>
        <span className="block text-sm font-medium text-slate-900">Require a second factor for all members</span>
        <span className="block text-sm text-slate-600">
          Members without an authenticator app or passkey must set one up before they can use this merchant&apos;s dashboard.
        </span>
      </span>
    </label>
  );
}
