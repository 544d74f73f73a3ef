"use client";

import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";

function msLeft(expiresAt: string): number {
  return Math.max(0, new Date(expiresAt).getTime() - Date.now());
}

function format(ms: number): string {
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** Shown on every dashboard page while support staff act inside a merchant's account. */
export function ImpersonationBanner({
  merchantName,
  staffLabel,
  expiresAt,
  endAction,
}: {
  merchantName: string;
  staffLabel: string;
  expiresAt: string;
  endAction?: () => Promise<void>;
}) {
  const router = useRouter();
  const [left, setLeft] = useState(() => msLeft(expiresAt));
  useEffect(() => {
    const t = setInterval(() => {
      const next = msLeft(expiresAt);
      setLeft(next);
      // The server has ended it at the deadline; refreshing takes the staff member back to the console.
      if (next === 0) {
        clearInterval(t);
        router.refresh();
      }
    }, 1000);
    return () => clearInterval(t);
  }, [expiresAt, router]);
  return (
    // A labelled region rather than a live one: the ticking countdown must not be announced every second.
    <section aria-label="Support impersonation" className="sticky top-0 z-30 bg-amber-400 px-4 py-2 text-sm text-amber-950">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1">
        <p>
          Support impersonation: <strong>{staffLabel}</strong> is acting in <strong>{merchantName}</strong>&apos;s account.{" "}
          <span>
            Time left: <span className="font-mono tabular-nums">{format(left)}</span>
          </span>
        </p>
        {endAction && (
          <form action={endAction} className="ml-auto">
            <button type="submit" className="rounded bg-amber-950 px-2.5 py-1 font-medium text-amber-50 hover:bg-amber-900">
              End impersonation
            </button>
          </form>
        )}
      </div>
    </section>
  );
}
