"use client";

import { createContext, useCallback, useContext, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { ActionResult } from "@/lib/actions/boundary";
import { SecondFactorForm, type FactorOptions, type FactorInput } from "./second-factor-form";
import { answerWithPasskey, type PasskeyActions } from "./passkey-client";

/** The server actions behind the dialog; the root layout passes the app's. */
export type StepUpActions = {
  options: () => Promise<ActionResult<FactorOptions>>;
  confirm: (input: FactorInput) => Promise<ActionResult<null>>;
  passkey: PasskeyActions;
};

type StepUp = { request: () => Promise<boolean> };

const StepUpContext = createContext<StepUp>({ request: async () => false });

/** Ask the user to confirm it's them; resolves true once they have (then retry what needed it). */
export function useStepUp(): StepUp {
  return useContext(StepUpContext);
}

/**
 * One "Confirm it's you" dialog for the whole app. Any action answered with
 * code "step_up_required" calls request(); concurrent requests share the dialog.
 */
export function StepUpProvider({ actions, children }: { actions: StepUpActions; children: React.ReactNode }) {
  const [options, setOptions] = useState<FactorOptions | null>(null);
  const waiting = useRef<Promise<boolean> | null>(null);
  const settle = useRef<((ok: boolean) => void) | null>(null);

  const finish = useCallback((ok: boolean) => {
    setOptions(null);
    settle.current?.(ok);
    settle.current = null;
    waiting.current = null;
  }, []);

  const request = useCallback(() => {
    if (waiting.current) return waiting.current;
    waiting.current = new Promise<boolean>((resolve) => {
      settle.current = resolve;
      void actions.options().then((r) => {
        if (r.ok) setOptions(r.data);
        else finish(false);
      });
    });
    return waiting.current;
  }, [actions, finish]);

  return (
    <StepUpContext.Provider value={{ request }}>
      {children}
      {options && (
        <Dialog
          open
          onOpenChange={(o) => !o && finish(false)}
          title="Confirm it's you"
          description="This change needs a fresh confirmation. It lasts 10 minutes."
        >
          <SecondFactorForm
            options={options}
            submitLabel="Confirm"
            onCancel={() => finish(false)}
            onSubmit={async (input) => {
              const r = await actions.confirm(input);
              if (r.ok) finish(true);
              return r.ok ? { ok: true } : { ok: false, error: r.error };
            }}
            onPasskey={async () => {
              const r = await answerWithPasskey(actions.passkey);
              if (r.ok) finish(true);
              return r.ok ? { ok: true } : r;
            }}
          />
        </Dialog>
      )}
    </StepUpContext.Provider>
  );
}
