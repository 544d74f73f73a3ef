import { describe, expect, it } from "vitest";
import { createApiKeySchema } from "./api-key";
import { createKeyFormSchema, toCreateApiKeyInput, toUpdateApiKeyInput } from "./api-key-form";

const base = {
  name: "Checkout server",
  description: "",
  type: "secret" as const,
  environment: "test" as const,
  permissions: [],
  expiryPreset: "never" as const,
};

describe("create key form", () => {
  it("maps presets to an expiry date the server schema accepts", () => {
    const at = new Date("2030-01-01T00:00:00Z");
    const input = toCreateApiKeyInput({ ...base, expiryPreset: "30" }, at);
    expect(input.expiresAt).toEqual(new Date("2030-01-31T00:00:00Z"));
    expect(toCreateApiKeyInput(base).expiresAt).toBeNull();
    expect(createApiKeySchema.safeParse(toCreateApiKeyInput({ ...base, expiryPreset: "7" })).success).toBe(true);
  });

  it("drops permissions unless the key is restricted", () => {
    expect(toCreateApiKeyInput({ ...base, permissions: ["charges:read"] }).permissions).toEqual([]);
    expect(toCreateApiKeyInput({ ...base, type: "restricted", permissions: ["charges:read"] }).permissions).toEqual(["charges:read"]);
  });

  it("rejects an over-long name, a past custom date and a restricted key without permissions", () => {
    const long = createKeyFormSchema.safeParse({ ...base, name: "x".repeat(101) });
    expect(long.success).toBe(false);
    const past = createKeyFormSchema.safeParse({ ...base, expiryPreset: "custom", customExpiry: "2001-01-01" });
    expect(past.success).toBe(false);
    expect(past.error?.issues.map((i) => i.message)).toContain("Expiry must be in the future");
    const restricted = createKeyFormSchema.safeParse({ ...base, type: "restricted" });
    expect(restricted.error?.issues.map((i) => i.path.join("."))).toContain("permissions");
  });

  it("rejects unknown permissions", () => {
    expect(createKeyFormSchema.safeParse({ ...base, type: "restricted", permissions: ["root:write"] }).success).toBe(false);
  });
});

describe("edit key form", () => {
  it("sends only names and descriptions for label-only edits", () => {
    const out = toUpdateApiKeyInput(
      { name: " New ", description: "", permissions: ["charges:read"], expiryPreset: "never" },
      { restricted: true, labelsOnly: true },
    );
    expect(out).toEqual({ name: "New", description: null });
  });

  it("keeps the expiry unless asked to change it", () => {
    const keep = toUpdateApiKeyInput({ name: "a", description: "", permissions: [], expiryPreset: "keep" }, { restricted: false, labelsOnly: false });
    expect(keep).not.toHaveProperty("expiresAt");
    const never = toUpdateApiKeyInput({ name: "a", description: "", permissions: [], expiryPreset: "never" }, { restricted: false, labelsOnly: false });
    expect(never.expiresAt).toBeNull();
  });
});

describe("allowed IPs in the forms", () => {
  it("maps the textarea to a list the server schema accepts, or null when empty", () => {
    const input = toCreateApiKeyInput({ ...base, allowedIps: "10.0.0.0/8\n192.168.1.7, 2001:db8::/32\n" });
    expect(input.allowedIps).toEqual(["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"]);
    const parsed = createApiKeySchema.safeParse(input);
    expect(parsed.success && parsed.data.allowedIps).toEqual(["10.0.0.0/8", "192.168.1.7", "2001:db8::/32"]);
    expect(toCreateApiKeyInput({ ...base, allowedIps: "  \n" }).allowedIps).toBeNull();
    expect(toCreateApiKeyInput({ ...base, type: "publishable", allowedIps: "10.0.0.0/8" }).allowedIps).toBeNull();
  });

  it("names the entries that are not addresses or ranges, and caps the list at 100", () => {
    const bad = createKeyFormSchema.safeParse({ ...base, allowedIps: "10.0.0.0/8\n10.0.0.300\nexample.com" });
    expect(bad.error?.issues).toEqual([
      expect.objectContaining({ path: ["allowedIps"], message: "Not an IP address or CIDR range: 10.0.0.300, example.com" }),
    ]);
    const many = Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`).join("\n");
    expect(createKeyFormSchema.safeParse({ ...base, allowedIps: many }).error?.issues[0]?.message).toMatch(/At most 100/);
  });

  it("refuses an allowlist on a publishable key on the server", () => {
    const res = createApiKeySchema.safeParse({ name: "Browser", type: "publishable", environment: "test", allowedIps: ["10.0.0.0/8"] });
    expect(res.error?.issues.map((i) => i.path.join("."))).toEqual(["allowedIps"]);
  });

  it("sends the allowlist on edits of secret and restricted keys only", () => {
    const form = { name: "a", description: "", permissions: [], expiryPreset: "keep" as const, allowedIps: "127.0.0.1/32" };
    expect(toUpdateApiKeyInput(form, { restricted: false, labelsOnly: false, allowlist: true }).allowedIps).toEqual(["127.0.0.1/32"]);
    expect(toUpdateApiKeyInput({ ...form, allowedIps: "" }, { restricted: false, labelsOnly: false, allowlist: true }).allowedIps).toBeNull();
    expect(toUpdateApiKeyInput(form, { restricted: false, labelsOnly: false, allowlist: false })).not.toHaveProperty("allowedIps");
    expect(toUpdateApiKeyInput(form, { restricted: false, labelsOnly: true, allowlist: true })).not.toHaveProperty("allowedIps");
  });
});
