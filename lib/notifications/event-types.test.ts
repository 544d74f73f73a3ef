import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "@/lib/events/types";
import { DEFAULT_EMAIL_PREFERENCES, EMAIL_EVENT_TYPES, wantsEmail } from "./event-types";

describe("email event types", () => {
  it("offers every event that webhooks carry, once each, with the ones needing action first", () => {
    expect(EMAIL_EVENT_TYPES.map((t) => t.type).sort()).toEqual(EVENT_TYPES.map((e) => e.type).sort());
    expect(EMAIL_EVENT_TYPES.slice(0, 4).map((t) => t.type)).toEqual([
      "api_key.leaked",
      "api_key.used_from_new_ip",
      "api_key.rotation_still_in_use",
      "api_key.expiring",
    ]);
    expect(DEFAULT_EMAIL_PREFERENCES).toEqual({
      "api_key.leaked": "all",
      "api_key.used_from_new_ip": "live",
      "api_key.rotation_still_in_use": "all",
      "api_key.expiring": "all",
    });
  });

  it("matches the event a role change emits, and keeps team events out of live-only filtering", () => {
    const role = EMAIL_EVENT_TYPES.find((t) => t.type === "team.member_role_changed");
    expect(role).toMatchObject({ scoped: false });
    expect(wantsEmail({ "team.member_role_changed": "all" }, "team.member_role_changed", null)).toBe(true);
    expect(wantsEmail({ "api_key.revoked": "live" }, "api_key.revoked", "test")).toBe(false);
    expect(wantsEmail({ "api_key.revoked": "live" }, "api_key.revoked", "live")).toBe(true);
  });
});
