import { describe, expect, it } from "vitest";
import { hiddenControlsNotice } from "./permissions";

describe("hiddenControlsNotice", () => {
  it("says nothing when every control is shown", () => {
    expect(hiddenControlsNotice({ role: "owner", impersonating: false }, { kind: "keys", environment: "live" })).toBeNull();
    expect(hiddenControlsNotice({ role: "developer", impersonating: false }, { kind: "keys", environment: "test" })).toBeNull();
    expect(hiddenControlsNotice({ role: "admin", impersonating: false }, { kind: "team" })).toBeNull();
  });

  it("names the role and who can act instead", () => {
    expect(hiddenControlsNotice({ role: "viewer", impersonating: false }, { kind: "keys", environment: "test" })).toBe(
      "Your role (viewer) can view keys; an owner or admin can create and change them.",
    );
    expect(hiddenControlsNotice({ role: "developer", impersonating: false }, { kind: "keys", environment: "live" })).toBe(
      "Developers manage test keys; an owner or admin can create and change live keys.",
    );
    expect(hiddenControlsNotice({ role: "developer", impersonating: false }, { kind: "team" })).toMatch(/^Your role \(developer\) can view the team/);
  });
});
