import { describe, expect, it } from "vitest";
import { absoluteTime, plural, relativeTime, shortenPublicKey } from "./format";

describe("format", () => {
  it("shortens a publishable key to its kind and last four characters", () => {
    expect(shortenPublicKey("pk_test_4e5fGhijklmnopqrstuvwxyzABCDEFGHIJKLMNOPabcd")).toBe("pk_test_…abcd");
    expect(shortenPublicKey("pk_live_short")).toBe("pk_live_short");
  });

  it("writes relative and absolute times", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    expect(relativeTime(new Date("2026-01-01T11:59:06Z"), now)).toBe("54 seconds ago");
    expect(absoluteTime(now, "UTC")).toBe("Jan 1, 2026, 12:00:00 PM UTC");
  });

  it("pluralises", () => {
    expect(plural(1, "key")).toBe("1 key");
    expect(plural(1200, "key")).toBe("1,200 keys");
    expect(plural(2, "address", "addresses")).toBe("2 addresses");
  });
});
