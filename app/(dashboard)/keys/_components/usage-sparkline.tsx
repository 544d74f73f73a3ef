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
 */
export function UsageSparkline({ hourly, total }: { hourly: number[]; total: number }) {
  const max = Math.max(1, ...hourly);
  const width = hourly.length * (BAR + GAP) - GAP;
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
        {hourly.map((count, i) => {
          const h = count === 0 ? 1 : Math.max(2, Math.round((count / max) * HEIGHT));
          return (
            <rect
              key={i}
              x={i * (BAR + GAP)}
              y={HEIGHT - h}
              width={BAR}
              height={h}
              rx={0.5}
              className={count === 0 ? "fill-slate-200" : "fill-current"}
            />
          );
        })}
      </svg>
      <span className="min-w-[2ch] text-xs tabular-nums text-slate-600" aria-hidden>
        {total.toLocaleString("en-US")}
      </span>
    </span>
  );
}
