"use client";

import { useId, useState } from "react";
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from "recharts";
import { cn } from "@/lib/utils/cn";
import { formatDayMonth, plural } from "@/lib/utils/format";

type Point = { start: Date; count: number };
type Range = "24h" | "30d";

// Buckets are UTC hours and days; labels say so, and server and browser render the same text.
const hourLabel = (d: Date) => `${String(d.getUTCHours()).padStart(2, "0")}:00`;
const dayLabel = (d: Date) => formatDayMonth(d);
const fullHourLabel = (d: Date) => `${dayLabel(d)}, ${hourLabel(d)}–${hourLabel(new Date(d.getTime() + 3_600_000))} UTC`;
const count = (n: number) => plural(n, "request");

/** Requests per hour (last 24 hours) or per day (last 30 days), with the same data as a table for screen readers. */
export function UsageChart({ hourly, daily, total24h, total30d }: { hourly: Point[]; daily: Point[]; total24h: number; total30d: number }) {
  const [range, setRange] = useState<Range>("24h");
  const headingId = useId();
  const points = range === "24h" ? hourly : daily;
  const data = points.map((p) => ({
    label: range === "24h" ? hourLabel(p.start) : dayLabel(p.start),
    full: range === "24h" ? fullHourLabel(p.start) : `${dayLabel(p.start)} (UTC day)`,
    count: p.count,
  }));
  const title = range === "24h" ? "Requests per hour, last 24 hours (UTC)" : "Requests per day, last 30 days (UTC)";

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-slate-700" data-testid="usage-summary">
          <strong>{count(total24h)}</strong> in the last 24 hours · <strong>{count(total30d)}</strong> in the last 30 days
        </p>
        <div role="group" aria-label="Chart range" className="inline-flex rounded-md ring-1 ring-slate-300">
          {(["24h", "30d"] as const).map((r) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={cn(
                "px-3 py-1 text-sm first:rounded-l-md last:rounded-r-md",
                range === r ? "bg-indigo-600 font-medium text-white" : "bg-white text-slate-700 hover:bg-slate-50",
              )}
            >
              {r === "24h" ? "Last 24 hours" : "Last 30 days"}
            </button>
          ))}
        </div>
      </div>
      <figure aria-labelledby={headingId}>
        <figcaption id={headingId} className="mb-2 text-xs text-slate-500">
          {title}
        </figcaption>
        <BarChart
          responsive
          style={{ width: "100%", height: 220 }}
          data={data}
          margin={{ top: 4, right: 8, bottom: 4, left: 0 }}
          title={title}
          desc={`Bar chart of ${title.toLowerCase()}. The same numbers are in the table that follows.`}
        >
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e2e8f0" />
          <XAxis dataKey="label" tick={{ fontSize: 11, fill: "#475569" }} interval="preserveStartEnd" minTickGap={12} />
          <YAxis allowDecimals={false} tick={{ fontSize: 11, fill: "#475569" }} width={40} />
          <Tooltip
            labelFormatter={(_, payload) => (payload?.[0]?.payload as { full?: string } | undefined)?.full ?? ""}
            formatter={(value) => [count(Number(value)), "Requests"]}
          />
          <Bar dataKey="count" name="Requests" fill="#4f46e5" radius={[2, 2, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </figure>
      <table className="sr-only">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{range === "24h" ? "Hour (UTC)" : "Day (UTC)"}</th>
            <th scope="col">Requests</th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.full}>
              <th scope="row">{d.full}</th>
              <td>{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
