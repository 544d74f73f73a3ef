import { describe, expect, it } from "vitest";
import { crc32, displayPrefix, generateKey, parseKey } from "./format";

describe("key format", () => {
  it("generates keys that parse back with their type and environment", () => {
    const key = generateKey("restricted", "live");
    expect(key).toMatch(/^rk_live_[0-9A-Za-z]{46}$/);
    expect(parseKey(key)).toEqual({ type: "restricted", environment: "live", key });
    expect(parseKey(generateKey("publishable", "test"))?.type).toBe("publishable");
  });

  it("rejects a typo through the checksum, without a database", () => {
    const key = generateKey("secret", "test");
    const i = 20;
    const typo = key.slice(0, i) + (key[i] === "a" ? "b" : "a") + key.slice(i + 1);
    expect(parseKey(typo)).toBeNull();
    expect(parseKey(key.slice(0, -1))).toBeNull();
    expect(parseKey(key.replace("sk_", "xk_"))).toBeNull();
    expect(parseKey("")).toBeNull();
  });

  it("draws 40 random characters per key", () => {
    const seen = new Set(Array.from({ length: 200 }, () => generateKey("secret", "test").slice(8, 48)));
    expect(seen.size).toBe(200);
  });

  it("shows type, environment and four random characters as the prefix", () => {
    expect(displayPrefix("sk_live_4e5fABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop")).toBe("sk_live_4e5f");
  });

  it("computes the standard CRC32", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
  });
});
