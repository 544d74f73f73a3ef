"use client";

import { useSyncExternalStore } from "react";
import { formatDateTime, relativeTime } from "@/lib/utils/format";

const noSubscription = () => () => {};

/**
 * A time as the lists show it: relative text, with the absolute time in the
 * viewer's own time zone on hover. The server renders the hover text in UTC;
 * the browser swaps in its zone after hydration.
 */
export function When({ date, now, prefix = "" }: { date: Date; now: Date; prefix?: string }) {
  const inBrowser = useSyncExternalStore(noSubscription, () => true, () => false);
  return (
    <time dateTime={date.toISOString()} title={formatDateTime(date, inBrowser ? Intl.DateTimeFormat().resolvedOptions().timeZone : "UTC")} className="whitespace-nowrap">
      {prefix}
      {relativeTime(date, now)}
    </time>
  );
}
