import { Zap } from "lucide-react";

/** Marks every live-mode view, so live data is never mistaken for test data. */
export function LiveModeBand() {
  return (
    <div
      role="region"
      aria-label="Live mode"
      data-testid="live-mode-band"
      className="sticky top-0 z-20 -mx-4 flex items-center gap-2 bg-amber-100 px-4 py-1.5 text-sm font-medium text-amber-950 ring-1 ring-amber-300 sm:mx-0 sm:rounded-md"
    >
      <Zap className="h-4 w-4 shrink-0" aria-hidden />
      Live data: changes affect real payments
    </div>
  );
}
