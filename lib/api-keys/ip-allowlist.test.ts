import { describe, expect, it } from "vitest";
import {
  allowlistMatcher,
  decodeAllowlist,
  isAllowlistEntry,
  normalizeAllowlist,
  normalizeAllowlistEntry,
  splitAllowlistText,
} from "./ip-allowlist";

const matcher = (entries: string[]) => allowlistMatcher(JSON.stringify(entries));

describe("allowlist entries", () => {
  it("accepts IPv4 and IPv6 addresses and CIDR ranges", () => {
    for (const ok of ["127.0.0.1", "10.0.0.0/8", "0.0.0.0/0", "192.168.1.7/32", "::1", "2001:db8::/32", "::/0", "::ffff:10.0.0.1", "fe80::1/128"]) {
      expect(isAllowlistEntry(ok), ok).toBe(true);
    }
  });

  it("refuses anything else", () => {
    for (const bad of [
      "",
      " ",
      "10",
      "10.0.0",
      "0x0a.0.0.1",
      "010.0.0.1",
      "10.0.0.256",
      "10.0.0.0/33",
      "10.0.0.0/-1",
      "10.0.0.0/",
      "10.0.0.0/8/8",
      "10.0.0.0/ 8",
      "2001:db8::/129",
      "fe80::1%eth0",
      "2001:db8:::1",
      "example.com",
      "*",
      "1".repeat(65),
    ]) {
      expect(isAllowlistEntry(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("normalises: network address of a range, compressed lower-case IPv6, IPv4-mapped addresses as IPv4", () => {
    expect(normalizeAllowlistEntry(" 10.1.2.3/8 ")).toBe("10.0.0.0/8");
    expect(normalizeAllowlistEntry("127.0.0.1/32")).toBe("127.0.0.1/32");
    expect(normalizeAllowlistEntry("127.0.0.1")).toBe("127.0.0.1");
    expect(normalizeAllowlistEntry("2001:DB8:0:0:0:0:0:1")).toBe("2001:db8::1");
    expect(normalizeAllowlistEntry("2001:db8::ff/32")).toBe("2001:db8::/32");
    expect(normalizeAllowlistEntry("::ffff:10.0.0.1")).toBe("10.0.0.1");
    expect(normalizeAllowlistEntry("::ffff:10.0.0.0/104")).toBe("10.0.0.0/8");
    expect(normalizeAllowlistEntry("nope")).toBeNull();
  });

  it("drops duplicates and turns an empty list into null (any IP)", () => {
    expect(normalizeAllowlist(["10.0.0.0/8", "10.1.0.0/8", "::ffff:10.0.0.0/104", "::1"])).toEqual(["10.0.0.0/8", "::1"]);
    expect(normalizeAllowlist([])).toBeNull();
  });

  it("splits the dashboard's text on lines, commas and spaces", () => {
    expect(splitAllowlistText("10.0.0.0/8\n 192.168.0.1, ::1\r\n\n2001:db8::/32 ")).toEqual([
      "10.0.0.0/8",
      "192.168.0.1",
      "::1",
      "2001:db8::/32",
    ]);
    expect(splitAllowlistText("  \n ")).toEqual([]);
  });
});

describe("allowlistMatcher", () => {
  it("matches IPv4 addresses and ranges", () => {
    const m = matcher(["10.0.0.0/8", "192.168.1.7"]);
    expect(m("10.255.3.4")).toBe(true);
    expect(m("192.168.1.7")).toBe(true);
    expect(m("192.168.1.8")).toBe(false);
    expect(m("11.0.0.1")).toBe(false);
    expect(m("127.0.0.1")).toBe(false);
  });

  it("matches IPv6 addresses and ranges, never across families", () => {
    const m = matcher(["2001:db8::/32", "::1"]);
    expect(m("2001:db8:1234::5")).toBe(true);
    expect(m("::1")).toBe(true);
    expect(m("2001:db9::1")).toBe(false);
    expect(m("127.0.0.1")).toBe(false);
    expect(matcher(["0.0.0.0/0"])("::1")).toBe(false);
    expect(matcher(["::/0"])("::1")).toBe(true);
  });

  it("treats IPv4-mapped IPv6 addresses as IPv4, on either side", () => {
    expect(matcher(["127.0.0.1/32"])("::ffff:127.0.0.1")).toBe(true);
    expect(matcher(["::ffff:10.0.0.0/104"])("10.9.8.7")).toBe(true);
    expect(matcher(["10.0.0.0/8"])("::ffff:0a01:0203")).toBe(true);
  });

  it("denies unknown or malformed client addresses, and fails closed on an unreadable list", () => {
    const m = matcher(["0.0.0.0/0"]);
    expect(m(null)).toBe(false);
    expect(m("not an ip")).toBe(false);
    expect(m("10")).toBe(false);
    expect(allowlistMatcher("{not json")("10.0.0.1")).toBe(false);
    expect(allowlistMatcher('{"a":1}')("10.0.0.1")).toBe(false);
    expect(matcher([])("10.0.0.1")).toBe(false);
  });

  it("compiles each stored list once", () => {
    const stored = JSON.stringify(["10.0.0.0/8"]);
    expect(allowlistMatcher(stored)).toBe(allowlistMatcher(stored));
  });

  it("decodes the stored column", () => {
    expect(decodeAllowlist(null)).toBeNull();
    expect(decodeAllowlist('["10.0.0.0/8"]')).toEqual(["10.0.0.0/8"]);
  });
});
