"use client";

import { useEffect, useState } from "react";

function remaining(expiresAt: string): string {
  const ms = Math.max(0, new Date(expiresAt).getTime() - Date.now());
  const m = Math.floor(ms / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** Shown on every page while support staff act inside a merchant's account. */
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
  const [left, setLeft] = useState(() => remaining(expiresAt));
  useEffect(() => {
    const t = setInterval(() => setLeft(remaining(expiresAt)), 1000);
    return () => clearInterval(t);
  }, [expiresAt]);
  return (
    <div role="status" className="bg-amber-400 px-4 py-2 text-sm text-amber-950">
      <div className="mx-auto flex max-w-6xl items-center gap-4">
        <p>
          <strong>{staffLabel}</strong> is acting in <strong>{merchantName}</strong>&apos;s account as support.{" "}
          <span>Time left: {left}</span>
        </p>
        {endAction && (
          <form action={endAction} className="ml-auto">
            <button type="submit" className="rounded bg-amber-950 px-2.5 py-1 font-medium text-amber-50">
              End impersonation
            </button>
          </form>
        )}
      </div>
    </div>
  );
}
