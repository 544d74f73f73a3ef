import { plural, relativeTime } from "@/lib/utils/format";
import { CheckCircle2, Radio } from "lucide-react";
import type { RollTraffic } from "@/lib/api-keys/usage-queries";

/**
 * "Is anyone still using the old secret?" for a rolled key in its grace
 * period. Meaning is carried by the words and icon, not by color.
 */
export function RollTrafficNote({ traffic, now, detailed = false }: { traffic: RollTraffic; now: Date; detailed?: boolean }) {
  if (!traffic.inUse) {
    return (
      <p className="inline-flex items-start gap-1 text-xs text-emerald-800" data-testid="roll-traffic">
        <CheckCircle2 className="mt-px h-3.5 w-3.5 shrink-0" aria-hidden />
        <span>No traffic since the roll: safe to revoke now</span>
      </p>
    );
  }
  const others = traffic.ipCount - 1;
  return (
    <div className="text-xs text-amber-900" data-testid="roll-traffic">
      <p className="inline-flex items-start gap-1">
        <Radio className="mt-px h-3.5 w-3.5 shrink-0" aria-hidden />
        <span>
          <strong>Still in use:</strong> {plural(traffic.requests, "request", "requests")} since the roll
          {traffic.lastUsedAt && <>, last {relativeTime(traffic.lastUsedAt, now)}</>}
          {traffic.lastUsedIp && <> from <span className="font-mono">{traffic.lastUsedIp}</span></>}
          {others > 0 && <> and {plural(others, "other address", "other addresses")}</>}
        </span>
      </p>
      {detailed && (
        <p className="mt-1 text-slate-600">
          {plural(traffic.recentRequests, "request", "requests")} since the roll in the current and previous hour.
          {traffic.graceEndsAt &&
            ` The old secret stops working ${relativeTime(traffic.graceEndsAt, now)}; update what still uses it first.`}
        </p>
      )}
    </div>
  );
}
