import { describe, expect, it } from "vitest";
import { zodFieldErrors } from "./errors";

describe("zodFieldErrors", () => {
  it("keeps fields named like Object's own properties as plain own properties", () => {
    const out = zodFieldErrors([
      { path: ["constructor"], message: "Unknown field" },
      { path: ["__proto__"], message: "Unknown field" },
      { path: ["name"], message: "Required" },
      { path: ["name"], message: "Too long" },
      { path: [], message: "Whole body" },
    ]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.keys(out).sort()).toEqual(["_", "__proto__", "constructor", "name"]);
    expect(Object.getOwnPropertyDescriptor(out, "__proto__")?.value).toEqual(["Unknown field"]);
    expect(out.name).toEqual(["Required", "Too long"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
