import { describe, expect, it } from "vitest";
import { ipBucket } from "./ip-bucket";

describe("ipBucket", () => {
  it("keeps IPv4 addresses apart, one by one", () => {
    expect(ipBucket("198.51.100.7")).toBe("198.51.100.7");
    expect(ipBucket("198.51.100.8")).not.toBe(ipBucket("198.51.100.7"));
    expect(ipBucket(" 203.0.113.1 ")).toBe("203.0.113.1");
  });

  it("puts every IPv6 address of a /64 in one bucket, whatever its spelling", () => {
    const a = ipBucket("2001:db8:1234:5678::1");
    expect(a).toBe("2001:db8:1234:5678::/64");
    expect(ipBucket("2001:0db8:1234:5678:ffff:ffff:ffff:ffff")).toBe(a);
    expect(ipBucket("2001:DB8:1234:5678:abcd::9")).toBe(a);
    expect(ipBucket("2001:db8:1234:5679::1")).not.toBe(a);
    expect(ipBucket("::1")).toBe("0:0:0:0::/64");
  });

  it("counts IPv4-mapped IPv6 as the IPv4 address", () => {
    expect(ipBucket("::ffff:198.51.100.7")).toBe("198.51.100.7");
  });

  it("keeps unparsable input as its own bucket and null as null", () => {
    expect(ipBucket(null)).toBeNull();
    expect(ipBucket("")).toBeNull();
    expect(ipBucket("not-an-ip")).toBe("not-an-ip");
    expect(ipBucket("x".repeat(100))).toHaveLength(64);
  });
});
