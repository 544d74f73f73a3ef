"use client";

import { createContext, useCallback, useContext, useRef, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { stepUpAction, stepUpOptionsAction } from "@/app/session-actions";
import { SecondFactorForm, type FactorOptions } from "./second-factor-form";
import { passkeyStepUp } from "./passkey-client";

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
export function StepUpProvider({ children }: { children: React.ReactNode }) {
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
      void stepUpOptionsAction().then((r) => {
        if (r.ok) setOptions(r.data);
        else finish(false);
      });
    });
    return waiting.current;
  }, [finish]);

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
              const r = await stepUpAction(input);
              if (r.ok) finish(true);
              return r.ok ? { ok: true } : { ok: false, error: r.error };
            }}
            onPasskey={async () => {
              const r = await passkeyStepUp();
              if (r.ok) finish(true);
              return r;
            }}
          />
        </Dialog>
      )}
    </StepUpContext.Provider>
  );
}
