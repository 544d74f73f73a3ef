import { formatDistanceStrict } from "date-fns";

/*
 * Dates and times, written one way everywhere: "1 Dec 2026" for a day,
 * "1 Dec 2026, 14:05 UTC" for a moment, "5 minutes ago" / "in 3 days" for
 * how far it is from now, "1 hour" for a length of time. Absolute times are
 * in UTC unless a time zone is given, and always name their zone.
 */

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Calendar fields of `date` in `timeZone` (UTC by default), plus the zone's short name. */
function partsOf(date: Date, timeZone = "UTC") {
  if (timeZone === "UTC") {
    return {
      day: date.getUTCDate(),
      month: date.getUTCMonth(),
      year: date.getUTCFullYear(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      zone: "UTC",
    };
  }
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    hourCycle: "h23",
    timeZoneName: "short",
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    day: Number(get("day")),
    month: Number(get("month")) - 1,
    year: Number(get("year")),
    hour: Number(get("hour")),
    minute: Number(get("minute")),
    zone: get("timeZoneName") || timeZone,
  };
}

const two = (n: number) => String(n).padStart(2, "0");

/** "1 Dec 2026" (the UTC day unless a time zone is given). */
export function formatDate(date: Date, timeZone?: string): string {
  const p = partsOf(date, timeZone);
  return `${p.day} ${MONTHS[p.month]} ${p.year}`;
}

/** "1 Dec": a day within a chart or a short range, in UTC. */
export function formatDayMonth(date: Date): string {
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]}`;
}

/** "14:05 UTC". */
export function formatTime(date: Date, timeZone?: string): string {
  const p = partsOf(date, timeZone);
  return `${two(p.hour)}:${two(p.minute)} ${p.zone}`;
}

/**
 * "1 Dec 2026, 14:05 UTC": a moment, to the minute, with its zone named so
 * it is never ambiguous (UTC unless a time zone is given, e.g. the viewer's).
 */
export function formatDateTime(date: Date, timeZone?: string): string {
  const p = partsOf(date, timeZone);
  return `${p.day} ${MONTHS[p.month]} ${p.year}, ${two(p.hour)}:${two(p.minute)} ${p.zone}`;
}

/** "5 minutes ago", "in 30 days": the relative time every list shows. */
export function relativeTime(date: Date, now: Date): string {
  return formatDistanceStrict(date, now, { addSuffix: true });
}

const UNITS = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
] as const;

/**
 * A length of time given in seconds: "1 hour", "2 days", "1 hour 30 minutes"
 * (the two largest units that are not zero), "0 seconds".
 */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds));
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0 && parts.length < 2) parts.push(`${n} ${n === 1 ? unit : `${unit}s`}`);
    else if (parts.length > 0) break;
  }
  return parts.length ? parts.join(" ") : "0 seconds";
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
