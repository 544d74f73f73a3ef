import { describe, expect, it } from "vitest";
import { ServiceError } from "@/lib/errors";
import { alignUsageRange } from "./usage-queries";

const at = new Date("2026-06-10T15:42:00Z");
const iso = (d: Date) => d.toISOString();

function fieldOf(run: () => unknown): string[] {
  try {
    run();
  } catch (err) {
    if (err instanceof ServiceError) return Object.keys(err.fieldErrors ?? {});
  }
  return [];
}

describe("alignUsageRange", () => {
  it("defaults to what the key page charts, ending with the current bucket", () => {
    const hours = alignUsageRange("hour", undefined, undefined, at);
    expect([iso(hours.from), iso(hours.to)]).toEqual(["2026-06-09T16:00:00.000Z", "2026-06-10T16:00:00.000Z"]);
    const days = alignUsageRange("day", undefined, undefined, at);
    expect([iso(days.from), iso(days.to)]).toEqual(["2026-05-12T00:00:00.000Z", "2026-06-11T00:00:00.000Z"]);
  });

  it("widens a range to whole buckets", () => {
    const r = alignUsageRange("hour", new Date("2026-06-01T10:30:00Z"), new Date("2026-06-01T12:00:01Z"), at);
    expect([iso(r.from), iso(r.to)]).toEqual(["2026-06-01T10:00:00.000Z", "2026-06-01T13:00:00.000Z"]);
  });

  it("refuses empty, reversed and too long ranges, naming the field", () => {
    expect(fieldOf(() => alignUsageRange("day", new Date("2026-06-02"), new Date("2026-06-01"), at))).toEqual(["to"]);
    expect(fieldOf(() => alignUsageRange("hour", new Date("2026-06-01"), new Date("2026-06-08T00:00:01Z"), at))).toEqual(["from"]);
    expect(fieldOf(() => alignUsageRange("hour", undefined, new Date("2026-06-08T00:00:00Z"), at))).toEqual([]);
    expect(fieldOf(() => alignUsageRange("day", new Date("2026-01-01"), undefined, at))).toEqual(["from"]);
  });
});
