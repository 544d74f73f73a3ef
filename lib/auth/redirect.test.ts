import { describe, expect, it } from "vitest";
import { safeRedirectPath } from "./redirect";

describe("safeRedirectPath", () => {
  it("keeps paths on this site", () => {
    expect(safeRedirectPath("/keys?environment=live")).toBe("/keys?environment=live");
    expect(safeRedirectPath("/audit")).toBe("/audit");
  });

  it("refuses anything that could leave the site", () => {
    for (const next of ["//evil.example", "/\\evil.example", "https://evil.example", "evil.example", "/\t/evil.example", "", null, 42]) {
      expect(safeRedirectPath(next)).toBe("/keys");
    }
  });
});
