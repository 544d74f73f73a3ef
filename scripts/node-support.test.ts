import { describe, expect, it } from "vitest";
import { nodeSupportWarning } from "./node-support.mjs";

describe("node support", () => {
  it("accepts the LTS releases 22 and 24, and newer ones", () => {
    expect(nodeSupportWarning("24.22.3")).toBeNull();
    expect(nodeSupportWarning("22.11.0")).toBeNull();
    expect(nodeSupportWarning("26.0.0")).toBeNull();
  });

  it("warns on an end-of-life Node.js", () => {
    expect(nodeSupportWarning("20.20.2")).toMatch(/20\.20\.2 is past its end of life.*24 LTS/);
    expect(nodeSupportWarning("18.0.0")).toMatch(/end of life/);
  });
});
