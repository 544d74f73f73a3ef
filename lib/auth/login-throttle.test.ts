import { describe, expect, it } from "vitest";
import { loginRetryAfter, recordLoginFailure, recordLoginSuccess } from "./login-throttle";

let n = 0;
const uniqueEmail = (label: string) => `${label}-${Date.now()}-${n++}@example.test`;
const uniqueIp = () => `198.51.${Math.floor(Math.random() * 250)}.${n++ % 250}`;

describe("sign-in throttling", () => {
  it("locks an account from one IP after five failures, for longer after each lockout", async () => {
    const email = uniqueEmail("throttle");
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) await recordLoginFailure(email, ip);
    expect(await loginRetryAfter(email, ip)).toBe(0);
    await recordLoginFailure(email, ip);
    const first = await loginRetryAfter(email, ip);
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    // Case and spacing do not make a new account.
    expect(await loginRetryAfter(` ${email.toUpperCase()} `, ip)).toBeGreaterThan(0);
    await recordLoginFailure(email, ip);
    expect(await loginRetryAfter(email, ip)).toBeGreaterThan(first);
  });

  it("does not let failures from elsewhere lock the owner out", async () => {
    const email = uniqueEmail("victim");
    const attacker = uniqueIp();
    for (let i = 0; i < 10; i++) await recordLoginFailure(email, attacker);
    expect(await loginRetryAfter(email, attacker)).toBeGreaterThan(0);
    expect(await loginRetryAfter(email, "192.0.2.10")).toBe(0);
    expect(await loginRetryAfter(email, "2001:db8:aaaa:1::5")).toBe(0);
  });

  it("counts an IPv6 /64 as one IP: rotating addresses within it does not help", async () => {
    const email = uniqueEmail("v6");
    const prefix = `2001:db8:${(n++).toString(16)}:${(n++).toString(16)}`;
    for (let i = 1; i <= 5; i++) await recordLoginFailure(email, `${prefix}::${i.toString(16)}`);
    expect(await loginRetryAfter(email, `${prefix}:ffff::1`)).toBeGreaterThan(0);
    expect(await loginRetryAfter(email, "2001:db8:ffff:ffff::1")).toBe(0);
  });

  it("backs off an account guessed at from many IPs, but never locks it for long", async () => {
    const email = uniqueEmail("spread");
    for (let i = 0; i < 20; i++) await recordLoginFailure(email, uniqueIp());
    const owner = "192.0.2.77";
    expect(await loginRetryAfter(email, owner)).toBe(0);
    await recordLoginFailure(email, uniqueIp());
    const wait = await loginRetryAfter(email, owner);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(2);
    for (let i = 0; i < 40; i++) await recordLoginFailure(email, uniqueIp());
    const longest = await loginRetryAfter(email, owner);
    expect(longest).toBeGreaterThan(2);
    expect(longest).toBeLessThanOrEqual(30);
  });

  it("throttles an IP that fails across many accounts, and an IPv6 /64 as a whole", async () => {
    const ip = uniqueIp();
    for (let i = 0; i < 30; i++) await recordLoginFailure(uniqueEmail(`many${i}`), ip);
    expect(await loginRetryAfter(uniqueEmail("someone-else"), ip)).toBeGreaterThan(0);
    expect(await loginRetryAfter(uniqueEmail("someone-else"), "192.0.2.1")).toBe(0);

    const prefix = `2001:db8:${(n++).toString(16)}:${(n++).toString(16)}`;
    for (let i = 0; i < 30; i++) await recordLoginFailure(uniqueEmail(`v6many${i}`), `${prefix}::${(i + 1).toString(16)}`);
    expect(await loginRetryAfter(uniqueEmail("other"), `${prefix}::beef`)).toBeGreaterThan(0);
  });

  it("clears the account's failures on success from that IP", async () => {
    const email = uniqueEmail("ok");
    const ip = uniqueIp();
    for (let i = 0; i < 4; i++) await recordLoginFailure(email, ip);
    await recordLoginSuccess(email, ip);
    await recordLoginFailure(email, ip);
    expect(await loginRetryAfter(email, ip)).toBe(0);
  });
});
