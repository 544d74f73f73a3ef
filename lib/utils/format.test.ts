import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, formatDayMonth, formatDuration, formatTime, plural, relativeTime, shortenPublicKey } from "./format";

describe("format", () => {
  it("shortens a publishable key to its kind and last four characters", () => {
    expect(shortenPublicKey("pk_test_4e5fGhijklmnopqrstuvwxyzABCDEFGHIJKLMNOPabcd")).toBe("pk_test_…abcd");
    expect(shortenPublicKey("pk_live_short")).toBe("pk_live_short");
  });

  it("writes absolute dates and times in UTC, to the minute, naming the zone", () => {
    const at = new Date("2026-12-01T14:05:59Z");
    expect(formatDate(at)).toBe("1 Dec 2026");
    expect(formatDayMonth(at)).toBe("1 Dec");
    expect(formatTime(at)).toBe("14:05 UTC");
    expect(formatDateTime(at)).toBe("1 Dec 2026, 14:05 UTC");
    expect(formatDateTime(new Date("2026-01-09T00:00:00Z"))).toBe("9 Jan 2026, 00:00 UTC");
  });

  it("writes the same style in another time zone, with that zone named", () => {
    const at = new Date("2026-12-01T23:30:00Z");
    expect(formatDateTime(at, "Asia/Tokyo")).toBe("2 Dec 2026, 08:30 GMT+9");
    expect(formatDate(at, "Asia/Tokyo")).toBe("2 Dec 2026");
    expect(formatDateTime(at, "UTC")).toBe("1 Dec 2026, 23:30 UTC");
  });

  it("writes relative times in the past and the future", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(relativeTime(new Date("2026-01-01T11:59:06Z"), now)).toBe("54 seconds ago");
    expect(relativeTime(new Date("2026-01-01T11:55:00Z"), now)).toBe("5 minutes ago");
    expect(relativeTime(new Date("2026-01-04T12:00:00Z"), now)).toBe("in 3 days");
  });

  it("writes durations in their two largest units", () => {
    expect(formatDuration(3600)).toBe("1 hour");
    expect(formatDuration(7200)).toBe("2 hours");
    expect(formatDuration(5400)).toBe("1 hour 30 minutes");
    expect(formatDuration(86_400 * 7)).toBe("7 days");
    expect(formatDuration(90)).toBe("1 minute 30 seconds");
    expect(formatDuration(86_400 + 61)).toBe("1 day");
    expect(formatDuration(0)).toBe("0 seconds");
  });

  it("pluralises", () => {
    expect(plural(1, "key")).toBe("1 key");
    expect(plural(1200, "key")).toBe("1,200 keys");
    expect(plural(2, "address", "addresses")).toBe("2 addresses");
  });
});
