import { describe, expect, it } from "vitest";
import { ALL_SCOPES, PUBLISHABLE_SCOPES, accessByResource, hasFullAccess } from "./permissions";

describe("access by resource", () => {
  it("gives each resource of the catalog its highest access; write implies read", () => {
    const rows = accessByResource(["charges:read", "refunds:write", "refunds:read", "customers:write"]);
    const of = (id: string) => rows.find((r) => r.id === id)?.access;
    expect(of("charges")).toBe("read");
    expect(of("refunds")).toBe("write");
    expect(of("customers")).toBe("write");
    expect(of("webhooks")).toBe("none");
    expect(rows.map((r) => r.id)).toContain("api_keys");
  });

  it("tells full access from almost full access", () => {
    expect(hasFullAccess(ALL_SCOPES)).toBe(true);
    expect(hasFullAccess(ALL_SCOPES.filter((s) => s.endsWith(":write")))).toBe(true);
    expect(hasFullAccess(ALL_SCOPES.filter((s) => s !== "webhooks:write"))).toBe(false);
    expect(hasFullAccess(PUBLISHABLE_SCOPES)).toBe(false);
    expect(hasFullAccess([])).toBe(false);
  });
});
