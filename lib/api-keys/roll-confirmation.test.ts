import { describe, expect, it } from "vitest";
import { nameConfirmed, needsNameConfirmation, needsRevokeConfirmation } from "./roll-confirmation";

const now = new Date("2026-06-10T12:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

describe("typed-name confirmations", () => {
  it("asks before rolling a live secret or restricted key", () => {
    expect(needsNameConfirmation({ type: "secret", environment: "live" })).toBe(true);
    expect(needsNameConfirmation({ type: "publishable", environment: "live" })).toBe(false);
    expect(needsNameConfirmation({ type: "secret", environment: "test" })).toBe(false);
  });

  it("asks before revoking a live key or a key used in the last 7 days", () => {
    expect(needsRevokeConfirmation({ environment: "live", lastUsedAt: null }, now)).toBe(true);
    expect(needsRevokeConfirmation({ environment: "test", lastUsedAt: daysAgo(1) }, now)).toBe(true);
    expect(needsRevokeConfirmation({ environment: "test", lastUsedAt: daysAgo(8) }, now)).toBe(false);
    expect(needsRevokeConfirmation({ environment: "test", lastUsedAt: null }, now)).toBe(false);
  });

  it("compares the typed name without surrounding spaces", () => {
    expect(nameConfirmed({ name: "Checkout" }, " Checkout ")).toBe(true);
    expect(nameConfirmed({ name: "Checkout" }, "checkout")).toBe(false);
    expect(nameConfirmed({ name: "Checkout" }, undefined)).toBe(false);
  });
});
