"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import type { ActionResult } from "@/lib/actions/merchant-action";
import { useStepUp } from "@/components/step-up";

export class ActionFailed extends Error {
  constructor(readonly result: Extract<ActionResult<unknown>, { ok: false }>) {
    super(result.error);
  }
}

/**
 * Runs a server action as a mutation: the hook owns the toast and refreshes
 * the server-rendered page on success, so components stay declarative.
 * An action that needs a fresh confirmation (code "step_up_required") opens
 * the "Confirm it's you" dialog and, once confirmed, runs again by itself.
 */
export function useActionMutation<V, T>(
  action: (vars: V) => Promise<ActionResult<T>>,
  options: { success?: string | ((data: T) => string); onSuccess?: (data: T) => void; toastErrors?: boolean } = {},
) {
  const router = useRouter();
  const stepUp = useStepUp();
  return useMutation<T, ActionFailed, V>({
    mutationFn: async (vars) => {
      let result = await action(vars);
      if (!result.ok && result.code === "step_up_required") {
        if (!(await stepUp.request())) throw new ActionFailed({ ...result, error: "Not confirmed: nothing was changed." });
        result = await action(vars);
      }
      if (!result.ok) throw new ActionFailed(result);
      return result.data;
    },
    onSuccess: (data) => {
      const message = typeof options.success === "function" ? options.success(data) : options.success;
      if (message) toast.success(message);
      options.onSuccess?.(data);
      router.refresh();
    },
    onError: (err) => {
      if (options.toastErrors !== false) toast.error(err.result?.error ?? "Something went wrong");
    },
  });
}
