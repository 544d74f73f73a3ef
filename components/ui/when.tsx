"use client";

import { useSyncExternalStore } from "react";
import { absoluteTime, relativeTime } from "@/lib/utils/format";

const noSubscription = () => () => {};

/**
 * A time as the lists show it: relative text, with the absolute time in the
 * viewer's own time zone on hover. The server renders the hover text in UTC;
 * the browser swaps in its zone after hydration.
 */
export function When({ date, now, prefix = "" }: { date: Date; now: Date; prefix?: string }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <time dateTime={date.toISOString()} title={absoluteTime(date, inBrowser ? undefined : "UTC")} className="whitespace-nowrap">
      {prefix}
      {relativeTime(date, now)}
    </time>
  );
}
