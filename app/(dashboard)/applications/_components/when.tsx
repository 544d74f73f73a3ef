import { formatDateTime } from "@/lib/utils/format";

/** A timestamp rendered on the server the same way everywhere: UTC, to the minute. */
export function When({ date }: { date: Date }) {
  return <time dateTime={date.toISOString()}>{formatDateTime(date)}</time>;
}
