import { describe, expect, it } from "vitest";
import { canWithdrawInvite } from "./rules";

describe("canWithdrawInvite", () => {
  it("lets owners withdraw any invite and admins all but owner invites", () => {
    expect(canWithdrawInvite("owner", "owner")).toBe(true);
    expect(canWithdrawInvite("admin", "owner")).toBe(false);
    for (const role of ["admin", "developer", "viewer"] as const) expect(canWithdrawInvite("admin", role)).toBe(true);
  });

  it("lets developers and viewers withdraw nothing", () => {
    for (const actor of ["developer", "viewer"] as const) {
      for (const invite of ["owner", "admin", "developer", "viewer"] as const) expect(canWithdrawInvite(actor, invite)).toBe(false);
    }
  });
});
