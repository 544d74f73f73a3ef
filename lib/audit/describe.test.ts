import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AUDIT_ACTION_GROUPS, actionLabel, actorPhrase, describeAuditEvent, readableAction, type DescribableEvent } from "./describe";

const owner = { actorType: "user", actorId: "usr_owner", actorLabel: "owner@acme.test" };
const KEY = "key_AAAAAAAAAAAAAAAAAAAA";
const NEW_KEY = "key_BBBBBBBBBBBBBBBBBBBB";
const APP = "app_AAAAAAAAAAAAAAAAAAAA";
const names = { [KEY]: "Checkout server", [NEW_KEY]: "Checkout server (new)", [APP]: "Storefront" };

function event(action: string, over: Partial<DescribableEvent> = {}): DescribableEvent {
  return { ...owner, action, targetType: "api_key", targetId: KEY, changes: {}, reason: null, ...over };
}

/** Every action string lib/ hands to recordAudit, read from the source. */
function recordedActions(): string[] {
  const root = path.resolve(import.meta.dirname, "..");
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = path.join(dir, name);
      if (name === "generated") continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith(".ts") && !p.endsWith(".test.ts")) files.push(p);
    }
  };
  walk(root);
  const sources = files.map((f) => readFileSync(f, "utf8"));
  const constants = new Map<string, string>();
  for (const s of sources) for (const m of s.matchAll(/([A-Z_]+_ACTION)\s*=\s*"([a-z_]+\.[a-z_]+)"/g)) constants.set(m[1]!, m[2]!);
  const found = new Set<string>();
  for (const s of sources) {
    if (!s.includes("recordAudit(")) continue;
    for (const m of s.matchAll(/\baction:\s*([^,\n}]+)/g)) {
      const expr = m[1]!;
      for (const lit of expr.matchAll(/"([a-z_]+\.[a-z_]+)"/g)) found.add(lit[1]!);
      for (const id of expr.matchAll(/\b([A-Z_]+_ACTION)\b/g)) if (constants.has(id[1]!)) found.add(constants.get(id[1]!)!);
    }
  }
  return [...found].sort();
}

describe("audit event sentences", () => {
  it("says who rolled which key and how long the old secret works", () => {
    const rolled = event("api_key.rolled", { changes: { successor: NEW_KEY, previousExpiresAt: "2026-12-01T15:00:00.000Z", gracePeriodSeconds: 3600 } });
    expect(describeAuditEvent(rolled, { [KEY]: "Checkout server" })).toBe("owner@acme.test rolled Checkout server; the old secret works for 1 hour");
    expect(describeAuditEvent({ ...rolled, changes: { ...rolled.changes, gracePeriodSeconds: 0 } }, { [KEY]: "Checkout server" })).toBe(
      "owner@acme.test rolled Checkout server; the old secret stopped working at once",
    );
    expect(describeAuditEvent({ ...rolled, changes: { gracePeriodSeconds: 90_000 } }, names)).toBe(
      "owner@acme.test rolled Checkout server; the old secret works for 1 day 1 hour",
    );
  });

  it("names keys, applications and members instead of their ids", () => {
    expect(describeAuditEvent(event("api_key.revoked", { changes: { status: ["active", "revoked"] } }), names)).toBe("owner@acme.test revoked Checkout server");
    expect(describeAuditEvent(event("api_key.created", { changes: { name: "Checkout server", type: "secret", environment: "test" } }), {})).toBe(
      "owner@acme.test created Checkout server, a test secret key",
    );
    expect(
      describeAuditEvent(
        event("credential.rotated", { targetType: "provider_credential", targetId: "cred_AAAAAAAAAAAAAAAAAAAA", changes: { applicationId: APP, provider: "stripe", mask: ["sk_test_…1", "sk_test_…2"] } }),
        names,
      ),
    ).toBe("owner@acme.test rotated the Stripe credentials of Storefront");
    expect(
      describeAuditEvent(event("team.role_changed", { targetType: "membership", targetId: "mem_AAAAAAAAAAAAAAAAAAAA", changes: { email: "dev@acme.test", role: ["developer", "admin"] } })),
    ).toBe("owner@acme.test changed the role of dev@acme.test from developer to admin");
    // A deleted application is named by what its event recorded, with the providers it lost.
    expect(
      describeAuditEvent(event("application.deleted", { targetType: "application", targetId: APP, changes: { name: "Old shop", environment: "test", removedProviders: ["adyen", "stripe"] } })),
    ).toBe("owner@acme.test deleted the application Old shop and its Adyen and Stripe credentials");
    // Nothing known: the id, with what it is.
    expect(describeAuditEvent(event("api_key.secret_revealed"))).toBe(`owner@acme.test revealed the secret of key ${KEY}`);
  });

  it("says when Keyward support acted, and why", () => {
    const staff = { actorType: "staff", actorId: "usr_staff", actorLabel: "staff@keyward.test (support)" };
    const started = event("impersonation.started", {
      ...staff,
      targetType: "merchant",
      targetId: "mer_AAAAAAAAAAAAAAAAAAAA",
      changes: { ticketRef: null, expiresAt: "2026-12-01T15:00:00.000Z" },
      reason: "Customer asked why checkout fails",
    });
    expect(describeAuditEvent(started)).toBe("Keyward support (staff@keyward.test) started accessing this account: Customer asked why checkout fails");
    expect(describeAuditEvent({ ...started, changes: { ticketRef: "SUP-4242" } })).toContain("started accessing this account (ticket SUP-4242): Customer");
    expect(describeAuditEvent(event("impersonation.ended", { ...staff, targetType: "merchant", changes: { durationSeconds: 754 } }))).toBe(
      "Keyward support (staff@keyward.test) stopped accessing this account after 12 minutes 34 seconds",
    );
    expect(describeAuditEvent(event("api_key.revoked", { ...staff }), names)).toBe("Keyward support (staff@keyward.test) revoked Checkout server");
  });

  it("names scripts and Keyward itself as actors", () => {
    expect(actorPhrase({ actorType: "api_key", actorId: KEY, actorLabel: "sk_test_4e5f…" }, names)).toBe("The API key Checkout server");
    expect(actorPhrase({ actorType: "api_key", actorId: "key_gone", actorLabel: "sk_test_4e5f…" })).toBe("The API key sk_test_4e5f…");
    expect(actorPhrase({ actorType: "system", actorId: "system", actorLabel: "Keyward" })).toBe("Keyward");
    const reused = event("api_key.refresh_token_reused", {
      actorType: "system",
      actorId: "system",
      actorLabel: "Keyward",
      targetType: "refresh_chain",
      targetId: "chain_AAAAAAAAAAAAAAAAAAAA",
      changes: { refreshTokenId: "rt_x", revokedKeys: [KEY, NEW_KEY], revokedTokens: 2, presentedFromIp: "203.0.113.9" },
    });
    expect(describeAuditEvent(reused, names)).toBe("A spent refresh token was presented again from 203.0.113.9; Keyward revoked 2 keys of its refresh chain");
  });

  it("falls back to a readable form of an action it has no words for", () => {
    expect(readableAction("widget_part.frob_twice")).toBe("Widget part: frob twice");
    expect(actionLabel("widget.frobbed")).toBe("Widget: frobbed");
    expect(describeAuditEvent(event("widget.frobbed", { targetType: "widget", targetId: "wid_1" }))).toBe("owner@acme.test: Widget: frobbed (widget wid_1)");
  });

  it("has a label and its own sentence for every action the app records", () => {
    const actions = recordedActions();
    // The scan found the recorders (a broken scan would pass vacuously).
    expect(actions).toEqual(expect.arrayContaining(["api_key.rolled", "api_key.leak_reported_revoked", "team.member_left", "impersonation.expired"]));
    expect(actions.length).toBeGreaterThan(35);
    const offered = new Set(AUDIT_ACTION_GROUPS.flatMap((g) => g.actions.map(([a]) => a as string)));
    const unsaid = actions.filter((a) => !offered.has(a) && a !== "credential.master_key_rotated");
    expect(unsaid).toEqual([]);
    for (const action of actions) {
      const sentence = describeAuditEvent(event(action), names);
      expect(sentence, action).not.toContain(readableAction(action));
      expect(sentence, action).not.toContain(action);
    }
  });
});
