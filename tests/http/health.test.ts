import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("health checks", () => {
  it("GET /api/health answers while the process runs, without authentication or caching", async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it.each(["/api/ready", "/api/health/ready"])("GET %s checks the database and its migrations, and names nothing else", async (path) => {
    const res = await fetch(`${baseUrl}${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    const body = (await res.json()) as {
      status: string;
      checks: { database: { status: string; kind: string; latency_ms: number }; migrations: { status: string } };
    };
    expect(body.status).toBe("ready");
    expect(body.checks.database).toMatchObject({ status: "up", kind: expect.stringMatching(/^(sqlite|postgresql)$/) });
    expect(body.checks.database.latency_ms).toBeGreaterThanOrEqual(0);
    expect(body.checks.migrations.status).toBe("current");
    expect(JSON.stringify(body)).not.toMatch(/file:|postgresql:\/\/|password/i);
  });

  it("every response carries an X-Request-Id, and a client's own is not taken without a trusted proxy", async () => {
    const res = await fetch(`${baseUrl}/api/health`, { headers: { "x-request-id": "client-chosen-id" } });
    const id = res.headers.get("x-request-id");
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const again = await fetch(`${baseUrl}/api/health`);
    expect(again.headers.get("x-request-id")).not.toBe(id);
  });
});
