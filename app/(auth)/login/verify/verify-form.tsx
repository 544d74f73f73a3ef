"use client";

import { useRouter } from "next/navigation";
import { SecondFactorForm, type FactorOptions } from "@/components/second-factor-form";
import { answerWithPasskey } from "@/components/passkey-client";
import { passkeyOptionsAction, passkeyVerifyAction } from "@/app/passkey-actions";
import { verifySignInAction } from "./actions";

export function VerifyForm({ options }: { options: FactorOptions }) {
  const router = useRouter();
  return (
    <SecondFactorForm
      options={options}
      submitLabel="Verify"
      onSubmit={async (input) => {
        const r = await verifySignInAction(input);
        if (!r.ok) {
          if (r.code === "unauthorized") router.replace("/login");
          return { ok: false, error: r.error };
        }
        router.replace(r.data.redirectTo);
        router.refresh();
        return { ok: true };
      }}
      onPasskey={async () => {
        const r = await answerWithPasskey({ options: passkeyOptionsAction, verify: passkeyVerifyAction });
        if (!r.ok) return r;
        router.replace(r.redirectTo);
        router.refresh();
        return { ok: true };
      }}
    />
  );
}
