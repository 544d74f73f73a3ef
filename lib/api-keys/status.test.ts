import { describe, expect, it } from "vitest";
import { keyStatus } from "./status";

const at = new Date("2026-06-01T12:00:00Z");
const past = new Date("2026-05-01T00:00:00Z");
const future = new Date("2026-07-01T00:00:00Z");
const key = (k: Partial<Parameters<typeof keyStatus>[0]>) => ({ revokedAt: null, expiresAt: null, replacedById: null, disabledAt: null, ...k });

describe("keyStatus", () => {
  it("puts revoked and expired before disabled, and disabled before a roll's grace period", () => {
    expect(keyStatus(key({}), at)).toBe("active");
    expect(keyStatus(key({ disabledAt: past }), at)).toBe("disabled");
    expect(keyStatus(key({ disabledAt: past, replacedById: "key_x", expiresAt: future }), at)).toBe("disabled");
    expect(keyStatus(key({ disabledAt: past, expiresAt: past }), at)).toBe("expired");
    expect(keyStatus(key({ disabledAt: past, revokedAt: past }), at)).toBe("revoked");
    expect(keyStatus(key({ replacedById: "key_x", expiresAt: future }), at)).toBe("expiring");
  });
});
