import { formatDistanceStrict } from "date-fns";

/** "5 minutes ago", "in 30 days": the relative time every list shows. */
export function relativeTime(date: Date, now: Date): string {
  return formatDistanceStrict(date, now, { addSuffix: true });
}

/**
 * The absolute time shown on hover, in the given time zone (the viewer's
 * own when omitted), with the zone named so it is never ambiguous.
 */
export function absoluteTime(date: Date, timeZone?: string): string {
  return date.toLocaleString("en-US", { dateStyle: "medium", timeStyle: "long", ...(timeZone ? { timeZone } : {}) });
}

/** "1 key", "3 keys". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * A publishable key shortened for a table cell: its type and environment,
 * then the last four characters (pk_test_…abcd). The copy button copies it whole.
 */
export function shortenPublicKey(value: string): string {
  const match = /^([a-z]+_[a-z]+_)(.+)$/.exec(value);
  if (!match || match[2]!.length <= 8) return value;
  return `${match[1]}…${match[2]!.slice(-4)}`;
}
