import { describe, expect, it } from "vitest";
import type { ApiKeyActor, UserActor } from "@/lib/auth/actor";
import { ALL_SCOPES, PUBLISHABLE_SCOPES, type Role } from "@/lib/permissions";
import { canDoKeyOperation, decideKeyOperation, scopesNotHeld, type KeyOperation, type KeyTarget } from "./policy";

const member = (role: Role, extra: Partial<UserActor> = {}): UserActor => ({
  kind: "user",
  userId: `usr_${role}`,
  label: role,
  merchantId: "mer_1",
  role,
  ...extra,
});

const apiKey = (keyType: ApiKeyActor["keyType"], scopes: readonly string[], environment: "test" | "live" = "test"): ApiKeyActor => ({
  kind: "api_key",
  keyId: `key_${keyType}_${scopes.length}`,
  label: "sk_test_x…",
  merchantId: "mer_1",
  keyType,
  environment,
  scopes: [...scopes],
});

const ACTORS = {
  owner: member("owner"),
  admin: member("admin"),
  developer: member("developer"),
  viewer: member("viewer"),
  impersonating: member("owner", {
    impersonation: { id: "imp_1", staffUserId: "usr_staff", staffLabel: "staff", reason: "ticket", expiresAt: new Date() },
  }),
  secretKey: apiKey("secret", ALL_SCOPES),
  keyWriter: apiKey("restricted", ["api_keys:write"]),
  keyWriterWithCharges: apiKey("restricted", ["api_keys:write", "charges:write"]),
  browserKeyWriter: apiKey("restricted", ["api_keys:write", "payment_intents:write", "tokens:write"]),
  everythingRestricted: apiKey("restricted", ALL_SCOPES),
  keyReader: apiKey("restricted", ["api_keys:read", "charges:write"]),
  liveSecretKey: apiKey("secret", ALL_SCOPES, "live"),
} as const;
type ActorName = keyof typeof ACTORS;

const target = (type: KeyTarget["type"], permissions: readonly string[], environment: "test" | "live" = "test"): KeyTarget => ({
  id: `key_target_${type}`,
  type,
  environment,
  permissions,
  createdByUserId: "usr_owner",
});

const TARGETS = {
  secret: target("secret", ALL_SCOPES),
  restrictedCharges: target("restricted", ["charges:read"]),
  restrictedKeyWriter: target("restricted", ["api_keys:write"]),
  restrictedWide: target("restricted", ["api_keys:write", "applications:write", "audit_events:read"]),
  publishable: target("publishable", PUBLISHABLE_SCOPES),
  liveRestricted: target("restricted", ["charges:read"], "live"),
} as const;
type TargetName = keyof typeof TARGETS;

const OPS: KeyOperation[] = ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"];

function allowed(actor: ActorName, op: KeyOperation, t: TargetName): boolean {
  return decideKeyOperation(ACTORS[actor], op, TARGETS[t]).allowed;
}

/** For each actor and target: the operations allowed (reading order of OPS). */
const EXPECTED: Record<ActorName, Record<TargetName, KeyOperation[]>> = {
  owner: {
    secret: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    restrictedCharges: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    restrictedWide: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    publishable: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    liveRestricted: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
  },
  // The admin did not create these keys: everything but revealing their pending secrets.
  admin: {
    secret: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedCharges: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    publishable: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    liveRestricted: ["read", "create", "edit", "edit_label", "roll", "revoke"],
  },
  developer: {
    secret: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedCharges: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    publishable: ["read", "create", "edit", "edit_label", "roll", "revoke", "reveal"],
    liveRestricted: ["read"],
  },
  viewer: {
    secret: ["read"],
    restrictedCharges: ["read"],
    restrictedKeyWriter: ["read"],
    restrictedWide: ["read"],
    publishable: ["read"],
    liveRestricted: ["read"],
  },
  impersonating: {
    secret: ["read", "edit_label", "revoke"],
    restrictedCharges: ["read", "edit_label", "revoke"],
    restrictedKeyWriter: ["read", "edit_label", "revoke"],
    restrictedWide: ["read", "edit_label", "revoke"],
    publishable: ["read", "edit_label", "revoke"],
    liveRestricted: ["read", "edit_label", "revoke"],
  },
  secretKey: {
    secret: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedCharges: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    publishable: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    liveRestricted: [],
  },
  keyWriter: {
    secret: ["read"],
    restrictedCharges: ["read"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read"],
    publishable: ["read"],
    liveRestricted: [],
  },
  keyWriterWithCharges: {
    secret: ["read"],
    restrictedCharges: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read"],
    publishable: ["read"],
    liveRestricted: [],
  },
  browserKeyWriter: {
    secret: ["read"],
    restrictedCharges: ["read"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read"],
    publishable: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    liveRestricted: [],
  },
  // Holding every scope is still not being a secret key.
  everythingRestricted: {
    secret: ["read"],
    restrictedCharges: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedKeyWriter: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    restrictedWide: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    publishable: ["read", "create", "edit", "edit_label", "roll", "revoke"],
    liveRestricted: [],
  },
  keyReader: {
    secret: ["read"],
    restrictedCharges: ["read"],
    restrictedKeyWriter: ["read"],
    restrictedWide: ["read"],
    publishable: ["read"],
    liveRestricted: [],
  },
  liveSecretKey: {
    secret: [],
    restrictedCharges: [],
    restrictedKeyWriter: [],
    restrictedWide: [],
    publishable: [],
    liveRestricted: ["read", "create", "edit", "edit_label", "roll", "revoke"],
  },
};

describe("decideKeyOperation: actors × targets × operations", () => {
  for (const actor of Object.keys(EXPECTED) as ActorName[]) {
    for (const t of Object.keys(TARGETS) as TargetName[]) {
      it(`${actor} on a ${t} key may ${EXPECTED[actor][t].join(", ") || "nothing"}`, () => {
        expect(OPS.filter((op) => allowed(actor, op, t))).toEqual(EXPECTED[actor][t]);
      });
    }
  }

  it("gives every refusal a reason", () => {
    const decision = decideKeyOperation(ACTORS.keyWriter, "roll", TARGETS.secret);
    expect(decision).toEqual({ allowed: false, reason: expect.stringMatching(/cannot roll secret keys/) });
    expect(decideKeyOperation(ACTORS.viewer, "edit", TARGETS.secret)).toMatchObject({ reason: expect.stringMatching(/viewer/) });
  });
});

describe("decideKeyOperation: revoking", () => {
  it("lets a key revoke itself, whatever it holds", () => {
    const self = { ...TARGETS.restrictedWide, id: ACTORS.keyWriter.keyId };
    expect(decideKeyOperation(ACTORS.keyWriter, "revoke", self).allowed).toBe(true);
  });

  it("refuses a restricted key revoking a secret key or a broader key", () => {
    expect(decideKeyOperation(ACTORS.keyWriter, "revoke", TARGETS.secret)).toEqual({
      allowed: false,
      reason: expect.stringMatching(/cannot revoke secret keys/),
    });
    expect(decideKeyOperation(ACTORS.keyWriter, "revoke", TARGETS.restrictedWide).allowed).toBe(false);
  });
});

describe("decideKeyOperation: what an edit would grant", () => {
  it("refuses a key granting a key (itself included) permissions it does not hold", () => {
    const self = { ...TARGETS.restrictedKeyWriter, id: ACTORS.keyWriter.keyId };
    const decision = decideKeyOperation(ACTORS.keyWriter, "edit", self, {
      permissions: ["api_keys:write", "applications:write", "audit_events:read"],
    });
    expect(decision).toEqual({
      allowed: false,
      reason: "This API key cannot grant permissions it does not hold: applications:write, audit_events:read",
    });
  });

  it("lets a key narrow or keep permissions within what it holds", () => {
    const t = TARGETS.restrictedCharges;
    expect(decideKeyOperation(ACTORS.keyWriterWithCharges, "edit", t, { permissions: ["charges:write"] }).allowed).toBe(true);
    // charges:write implies charges:read.
    expect(decideKeyOperation(ACTORS.keyWriterWithCharges, "edit", t, { permissions: ["charges:read", "api_keys:read"] }).allowed).toBe(true);
    expect(decideKeyOperation(ACTORS.keyWriterWithCharges, "edit", t, { permissions: ["refunds:read"] }).allowed).toBe(false);
  });

  it("leaves members' edits to their role", () => {
    expect(decideKeyOperation(ACTORS.developer, "edit", TARGETS.restrictedCharges, { permissions: ALL_SCOPES }).allowed).toBe(true);
    expect(decideKeyOperation(ACTORS.developer, "edit", TARGETS.liveRestricted, { permissions: [] }).allowed).toBe(false);
  });
});

describe("decideKeyOperation: reveals and refreshes", () => {
  it("reveals a pending secret to the member who created or rolled the key only", () => {
    expect(decideKeyOperation(ACTORS.owner, "reveal", TARGETS.secret).allowed).toBe(true);
    expect(decideKeyOperation(member("owner", { userId: "usr_other" }), "reveal", TARGETS.secret)).toMatchObject({
      allowed: false,
      reason: expect.stringMatching(/member who created or rolled/),
    });
    expect(decideKeyOperation(ACTORS.owner, "reveal", { ...TARGETS.secret, createdByUserId: null }).allowed).toBe(false);
  });

  it("lets a refresh rotate only the key it was issued for, never by a member", () => {
    const own = apiKey("restricted", ["charges:read"]);
    const self: KeyTarget = { ...TARGETS.restrictedCharges, id: own.keyId };
    expect(decideKeyOperation(own, "refresh", self).allowed).toBe(true);
    expect(decideKeyOperation(own, "refresh", { ...self, id: "key_other" }).allowed).toBe(false);
    expect(decideKeyOperation(own, "refresh", self, { permissions: ["charges:write"] }).allowed).toBe(false);
    expect(decideKeyOperation(ACTORS.owner, "refresh", self).allowed).toBe(false);
  });
});

describe("canDoKeyOperation (no key in particular)", () => {
  it("answers the role and scope part only", () => {
    expect(canDoKeyOperation(ACTORS.keyWriter, "roll", "test")).toBe(true);
    expect(canDoKeyOperation(ACTORS.keyWriter, "roll", "live")).toBe(false);
    expect(canDoKeyOperation(ACTORS.keyReader, "edit", "test")).toBe(false);
    expect(canDoKeyOperation(ACTORS.developer, "create", "live")).toBe(false);
    expect(canDoKeyOperation(ACTORS.impersonating, "reveal", "test")).toBe(false);
  });
});

describe("scopesNotHeld", () => {
  it("counts a write scope as holding its read", () => {
    expect(scopesNotHeld(["charges:write"], ["charges:read", "charges:write", "refunds:read"])).toEqual(["refunds:read"]);
    expect(scopesNotHeld(["charges:read"], ["charges:write"])).toEqual(["charges:write"]);
  });
});
