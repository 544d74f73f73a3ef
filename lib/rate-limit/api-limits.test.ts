import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { limitIp, penalizeFailedAuth } from "./api-limits";

const saved = { ...process.env };

beforeAll(() => {
  process.env.KEYWARD_RATE_LIMIT_PER_IP = "3";
  process.env.KEYWARD_RATE_LIMIT_AUTH_FAILURE_COST = "2";
  process.env.KEYWARD_RATE_LIMIT_STORE = "memory";
});

afterAll(() => {
  process.env = saved;
});

describe("per-IP API limits", () => {
  it("share one budget across an IPv6 /64, whichever addresses it uses", async () => {
    const decisions = [];
    for (const ip of ["2001:db8:77:1::1", "2001:db8:77:1::2", "2001:db8:77:1:abcd:ef01:2345:6789"]) decisions.push(await limitIp(ip));
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true]);
    expect((await limitIp("2001:db8:77:1:ffff::9")).allowed).toBe(false);
    // The next /64 has its own budget.
    expect((await limitIp("2001:db8:77:2::1")).allowed).toBe(true);
  });

  it("count IPv4 addresses one by one, and charge failed authentications to the bucket", async () => {
    expect((await limitIp("203.0.113.10")).allowed).toBe(true);
    expect((await limitIp("203.0.113.11")).allowed).toBe(true);
    await penalizeFailedAuth("2001:db8:88:1::1");
    expect((await limitIp("2001:db8:88:1::2")).remaining).toBe(1);
  });
});
