import { afterEach, describe, expect, it } from "vitest";
import { setClock } from "@/lib/clock";
import { STEP_UP_WINDOW_MS, isRecentlyVerified, requireRecentVerificationFor } from "./step-up";
import type { UserActor } from "./actor";

const t0 = new Date("2031-01-01T00:00:00.000Z");
const actor = (verifiedAt: Date | null | undefined): UserActor => ({ kind: "user", userId: "usr_x", label: "x", merchantId: "mer_x", role: "owner", verifiedAt });

afterEach(() => setClock(null));

describe("step-up window", () => {
  it("lasts exactly ten minutes from the last confirmation", () => {
    expect(isRecentlyVerified(t0, new Date(t0.getTime() + STEP_UP_WINDOW_MS))).toBe(true);
    expect(isRecentlyVerified(t0, new Date(t0.getTime() + STEP_UP_WINDOW_MS + 1))).toBe(false);
    expect(isRecentlyVerified(null, t0)).toBe(false);
  });

  it("applies to live keys only, and to people with no confirmation at all", () => {
    setClock(() => new Date(t0.getTime() + STEP_UP_WINDOW_MS + 1));
    expect(() => requireRecentVerificationFor(actor(t0), "test")).not.toThrow();
    expect(() => requireRecentVerificationFor(actor(t0), "live")).toThrow(expect.objectContaining({ code: "step_up_required" }));
    expect(() => requireRecentVerificationFor(actor(undefined), "live")).toThrow(expect.objectContaining({ code: "step_up_required" }));
  });
});
