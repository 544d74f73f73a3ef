import { describe, expect, it } from "vitest";
import { loginRetryAfter, recordLoginFailure, recordLoginSuccess } from "./login-throttle";

describe("sign-in throttling", () => {
  it("locks an account after five failures, for longer after each lockout", async () => {
    const email = `throttle-${Date.now()}@example.test`;
    for (let i = 0; i < 4; i++) await recordLoginFailure(email, null);
    expect(await loginRetryAfter(email, null)).toBe(0);
    await recordLoginFailure(email, null);
    const first = await loginRetryAfter(email, null);
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    // Case and spacing do not make a new account.
    expect(await loginRetryAfter(` ${email.toUpperCase()} `, null)).toBeGreaterThan(0);
    await recordLoginFailure(email, null);
    expect(await loginRetryAfter(email, null)).toBeGreaterThan(first);
  });

  it("throttles an IP that fails across many accounts", async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    for (let i = 0; i < 30; i++) await recordLoginFailure(`user${i}-${ip}@example.test`, ip);
    expect(await loginRetryAfter("someone-else@example.test", ip)).toBeGreaterThan(0);
    expect(await loginRetryAfter("someone-else@example.test", "192.0.2.1")).toBe(0);
  });

  it("clears an account's failures on success", async () => {
    const email = `ok-${Date.now()}@example.test`;
    for (let i = 0; i < 4; i++) await recordLoginFailure(email, null);
    await recordLoginSuccess(email);
    await recordLoginFailure(email, null);
    expect(await loginRetryAfter(email, null)).toBe(0);
  });
});
