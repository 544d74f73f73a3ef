import { describe, expect, it } from "vitest";
import { eventTypesForAudit } from "./from-audit";
import { EVENT_TYPE_NAMES } from "./types";

describe("events from audit actions", () => {
  it("maps every change-driven event type from an audit action, and nothing from the rest", () => {
    const scheduled = ["api_key.expiring", "api_key.expired", "api_key.rotation_still_in_use"];
    const actions = [
      "api_key.created", "api_key.updated", "api_key.rolled", "api_key.revoked", "api_key.leak_reported_revoked", "api_key.used_from_new_ip",
      "api_key.disabled", "api_key.enabled", "credential.rotated", "team.invite_accepted", "team.member_removed", "team.member_left",
      "team.role_changed", "impersonation.started", "impersonation.ended", "impersonation.expired",
    ];
    const raised = new Set(actions.flatMap(eventTypesForAudit));
    expect([...raised].sort()).toEqual(EVENT_TYPE_NAMES.filter((t) => !scheduled.includes(t)).sort());
    expect(eventTypesForAudit("api_key.leak_reported_revoked")).toEqual(["api_key.leaked", "api_key.revoked"]);
    for (const quiet of ["api_key.secret_revealed", "credential.decrypted", "team.invite_created", "webhook_endpoint.created"]) {
      expect(eventTypesForAudit(quiet)).toEqual([]);
    }
  });
});
