import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, jsonDepth } from "./body";

describe("jsonDepth", () => {
  it("counts nesting of objects and arrays, scalars being depth 0", () => {
    expect(jsonDepth(1)).toBe(0);
    expect(jsonDepth(null)).toBe(0);
    expect(jsonDepth({})).toBe(1);
    expect(jsonDepth({ a: [1, { b: "x" }] })).toBe(3);
  });

  it("measures absurd nesting without recursion, stopping past the limit", () => {
    const deep = JSON.parse(`${"[".repeat(100_000)}${"]".repeat(100_000)}`) as unknown;
    expect(jsonDepth(deep)).toBe(MAX_JSON_DEPTH + 1);
  });
});
