"use client";

import { useRouter } from "next/navigation";
import { startTransition, useCallback, useEffect, useState } from "react";
import { Button } from "@/components/ui/button";

type Cause = "checking" | "unavailable" | "other";

/**
 * Any page that fails to render lands here, without details (the server
 * logs them under the request id). When the instance cannot reach its
 * database, it says so and tries again by itself once it is back.
 */
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const [cause, setCause] = useState<Cause>("checking");
  const router = useRouter();
  // A server-rendered page failed: render it again on the server, then leave the error state.
  const retry = useCallback(
    () =>
      startTransition(() => {
        router.refresh();
        reset();
      }),
    [router, reset],
  );

  useEffect(() => {
    let stopped = false;
    let wasDown = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = async () => {
      const ready = await fetch("/api/ready", { cache: "no-store" })
        .then((res) => res.ok)
        .catch(() => false);
      if (stopped) return;
      if (ready) {
        // Back after an outage: render the page again; otherwise the failure was something else.
        if (wasDown) retry();
        else setCause("other");
        return;
      }
      wasDown = true;
      setCause("unavailable");
      timer = setTimeout(() => void check(), 5000);
    };
    void check();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [retry]);

  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <h1 className="text-xl font-semibold">
        {cause === "unavailable" ? "Keyward is briefly unavailable" : "Something went wrong"}
      </h1>
      <p className="mt-2 text-sm text-slate-600" role="status">
        {cause === "unavailable"
          ? "It cannot reach its database right now. This page will load by itself once it is back."
          : "The page could not be shown. Nothing was changed; try again."}
      </p>
      <div className="mt-6 flex justify-center">
        <Button onClick={retry}>Try again</Button>
      </div>
    </main>
  );
}
