"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/actions/merchant-action";
import { useStepUp } from "@/components/step-up";
import { beginProgress, useProgress } from "@/components/navigation-progress";

export class ActionFailed extends Error {
  constructor(readonly result: Extract<ActionResult<unknown>, { ok: false }>) {
    super(result.error);
  }
}

const OFFLINE = {
  ok: false as const,
  code: "network",
  error: "Could not reach Keyward: check your connection, then retry. Nothing was changed.",
};

/**
 * Runs a server action as a mutation: the hook owns the toast and refreshes
 * the server-rendered page on success, so components stay declarative.
 * An action that needs a fresh confirmation (code "step_up_required") opens
 * the "Confirm it's you" dialog and, once confirmed, runs again by itself.
 * The top progress bar shows while the action runs and the page refreshes
 * (not while the dialog waits for the person).
 */
export function useActionMutation<V, T>(
  action: (vars: V) => Promise<ActionResult<T>>,
  options: { success?: string | ((data: T) => string); onSuccess?: (data: T) => void; toastErrors?: boolean } = {},
) {
  const router = useRouter();
  const stepUp = useStepUp();
  const [refreshing, startRefresh] = useTransition();
  useProgress(refreshing);
  const mutation = useMutation<T, ActionFailed, V>({
    // "always": a mutation started offline runs and fails at once instead of waiting, paused, for the network.
    networkMode: "always",
    mutationFn: async (vars) => {
      const run = async () => {
        if (typeof navigator !== "undefined" && navigator.onLine === false) throw new ActionFailed(OFFLINE);
        const endProgress = beginProgress();
        try {
          return await action(vars);
        } catch (err) {
          // A fetch that never reached the server: nothing was changed.
          if (err instanceof TypeError) throw new ActionFailed(OFFLINE);
          throw err;
        } finally {
          endProgress();
        }
      };
      let result = await run();
      if (!result.ok && result.code === "step_up_required") {
        if (!(await stepUp.request())) throw new ActionFailed({ ...result, error: "Not confirmed: nothing was changed." });
        result = await run();
      }
      if (!result.ok) throw new ActionFailed(result);
      return result.data;
    },
    onSuccess: (data) => {
      const message = typeof options.success === "function" ? options.success(data) : options.success;
      if (message) toast.success(message);
      options.onSuccess?.(data);
      startRefresh(() => router.refresh());
    },
    onError: (err, vars) => {
      const message = err.result?.error ?? "Something went wrong";
      // A form that shows its own errors (toastErrors: false) sits in a modal dialog: a toast would
      // be behind it, out of reach, so its submit button is the retry there.
      if (options.toastErrors === false) return;
      if (err.result?.code === OFFLINE.code) {
        toast.error(message, { action: { label: "Retry", onClick: () => mutation.mutate(vars) } });
      } else toast.error(message);
    },
  });
  return mutation;
}
