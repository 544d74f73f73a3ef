import { plural } from "@/lib/utils/format";

const BAR = 1.5;
const GAP = 0.5;
const HEIGHT = 20;

/** "42 requests in the last 24 hours", or "No requests in the last 24 hours". */
export function sparklineLabel(total: number): string {
  return total === 0 ? "No requests in the last 24 hours" : `${plural(total, "request")} in the last 24 hours`;
}

/**
 * A key's last 24 hours as a row of hourly bars (oldest on the left), with
 * the total beside it. Hours without requests show as a faint baseline.
 * The bars are two paths (empty hours, used hours) rather than a rect each:
 * the list draws one per row, and 24 elements a row were half its markup.
 */
export function UsageSparkline({ hourly, total }: { hourly: number[]; total: number }) {
  const max = Math.max(1, ...hourly);
  const width = hourly.length * (BAR + GAP) - GAP;
  let empty = "";
  let used = "";
  hourly.forEach((count, i) => {
    const h = count === 0 ? 1 : Math.max(2, Math.round((count / max) * HEIGHT));
    const bar = `M${i * (BAR + GAP)} ${HEIGHT - h}h${BAR}v${h}h-${BAR}z`;
    if (count === 0) empty += bar;
    else used += bar;
  });
  return (
    <span className="inline-flex items-center gap-1.5" data-testid="usage-sparkline">
      <svg
        role="img"
        aria-label={sparklineLabel(total)}
        width={width}
        height={HEIGHT}
        viewBox={`0 0 ${width} ${HEIGHT}`}
        className="shrink-0 text-indigo-500"
      >
        <title>{sparklineLabel(total)}</title>
        {empty && <path d={empty} className="fill-slate-200" />}
        {used && <path d={used} className="fill-current" />}
      </svg>
      <span className="min-w-[2ch] text-xs tabular-nums text-slate-600" aria-hidden>
        {total.toLocaleString("en-US")}
      </span>
    </span>
  );
}
