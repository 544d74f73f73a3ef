import { describe, expect, it } from "vitest";
import { changeLineText, describeChanges, fieldWords, formatValue, type AuditNames } from "./changes";

const KEY = "key_AAAAAAAAAAAAAAAAAAAA";
const KEY2 = "key_BBBBBBBBBBBBBBBBBBBB";
const names = { [KEY]: "Checkout server", [KEY2]: "Billing worker" };
const text = (action: string, changes: Record<string, unknown>, n: AuditNames = names) => describeChanges(action, changes, n).map(changeLineText);

describe("audit changes in words", () => {
  it("writes field names in words and formats durations, dates and yes/no", () => {
    expect(text("api_key.rolled", { successor: KEY, previousExpiresAt: "2026-12-01T15:00:00.000Z", gracePeriodSeconds: 3600 })).toEqual([
      "Old secret stops working: 1 Dec 2026, 15:00 UTC",
    ]);
    expect(text("api_key.refreshed", { successor: KEY, expiresAt: null })).toEqual(["New key: Checkout server", "Expires: never"]);
    expect(text("webhook_endpoint.secret_rolled", { previousSecretExpiresAt: null, overlapSeconds: 86_400 })).toEqual([
      "Old signing secret stops working: at once",
      "Old signing secret kept for: 1 day",
    ]);
    expect(text("webhook_endpoint.updated", { enabled: [true, false] })).toEqual(["Enabled: yes → no"]);
    expect(text("api_key.updated", { expiresAt: [null, "2027-01-09T00:00:00.000Z"] })).toEqual(["Expires: never → 9 Jan 2027, 00:00 UTC"]);
    expect(fieldWords("someNewField")).toBe("Some new field");
    expect(fieldWords("source_url")).toBe("Source url");
    expect(formatValue(1234)).toBe("1,234");
  });

  it("shows a changed list as what was added and removed, never as before → after", () => {
    const [line] = describeChanges("api_key.updated", { permissions: [["charges:read", "refunds:read"], ["charges:read", "customers:write"]] });
    expect(line).toEqual({
      field: "permissions",
      label: "Permissions",
      kind: "list",
      groups: [
        { label: "Added", items: ["customers:write"] },
        { label: "Removed", items: ["refunds:read"] },
      ],
    });
    expect(text("webhook_endpoint.updated", { eventTypes: [["api_key.created"], ["api_key.created", "api_key.revoked"]] })).toEqual([
      "Events: Added: api_key.revoked",
    ]);
    expect(text("api_key.updated", { allowedIps: [[], ["203.0.113.0/24"]] })).toEqual(["Allowed IPs: Added: 203.0.113.0/24"]);
  });

  it("shows a two-item list that is a fact as a list, not as a change", () => {
    // Two providers removed with an application, two keys revoked with a refresh chain.
    const deleted = describeChanges("application.deleted", { name: "Shop", environment: "test", removedProviders: ["adyen", "stripe"] });
    expect(deleted.find((l) => l.field === "removedProviders")).toEqual({
      field: "removedProviders",
      label: "Provider credentials",
      kind: "list",
      groups: [{ label: "Removed", items: ["Adyen", "Stripe"] }],
    });
    expect(text("api_key.refresh_token_reused", { revokedKeys: [KEY, KEY2], revokedTokens: 2 })).toEqual([
      "Keys: Revoked: Checkout server, Billing worker",
      "Refresh tokens revoked: 2",
    ]);
    expect(describeChanges("api_key.created", { permissions: ["charges:read", "refunds:read"] })[0]).toMatchObject({
      kind: "list",
      groups: [{ label: null, items: ["charges:read", "refunds:read"] }],
    });
    // An action we have no words for records no pairs unless it is an update.
    expect(describeChanges("widget.frobbed", { parts: ["a", "b"] })[0]!.kind).toBe("list");
    expect(describeChanges("widget.updated", { size: [1, 2] })[0]).toMatchObject({ kind: "diff", before: "1", after: "2" });
  });

  it("leaves out what the sentence already says and keeps ids when no name is known", () => {
    expect(text("api_key.disabled", { status: ["active", "disabled"], name: "Checkout server", prefix: "sk_test_4e5f" })).toEqual(["Status: active → disabled"]);
    expect(text("api_key.refreshed", { successor: KEY2 }, {})).toEqual([`New key: ${KEY2}`]);
    expect(text("api_key.created", { name: "Checkout server", type: "secret", environment: "test", expiresAt: null })).toEqual(["Expires: never"]);
    expect(text("team.member_removed", { email: "dev@acme.test", role: "developer", sessionsEnded: 3 })).toEqual(["Role: developer", "Sessions ended: 3"]);
    expect(text("api_key.revoked", { cause: "refresh_token_reuse" })).toEqual(["Cause: a spent refresh token was presented again"]);
  });
});
