import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./unavailable";

describe("database unavailable", () => {
  it("recognises refused, dropped and timed-out connections as Prisma and pg report them", () => {
    // Shapes seen from @prisma/adapter-pg with the server stopped, stopping, or the pool exhausted.
    expect(isDatabaseUnavailable({ code: "P1001", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2010", meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } } })).toBe(true);
    expect(isDatabaseUnavailable({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "57P01", kind: "postgres" } } } })).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    // pg, when a server accepts the connection but never answers (a hung host)
    expect(isDatabaseUnavailable(new Error("timeout expired"))).toBe(true);
  });

  it("leaves query failures alone", () => {
    expect(isDatabaseUnavailable({ code: "P2002", meta: { target: ["email"] } })).toBe(false);
    expect(isDatabaseUnavailable({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "23505", kind: "postgres" } } } })).toBe(false);
    expect(isDatabaseUnavailable(new Error("boom"))).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
