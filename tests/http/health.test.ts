import { describe, expect, inject, it } from "vitest";

const baseUrl = inject("baseUrl");

describe("health checks", () => {
  it("GET /api/health answers while the process runs, without authentication or caching", async () => {
    const res = await fetch(`${baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("GET /api/health/ready checks the database and names nothing else", async () => {
    const res = await fetch(`${baseUrl}/api/health/ready`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: { database: { status: string; kind: string; latency_ms: number } } };
    expect(body.status).toBe("ready");
    expect(body.checks.database).toMatchObject({ status: "up", kind: expect.stringMatching(/^(sqlite|postgresql)$/) });
    expect(body.checks.database.latency_ms).toBeGreaterThanOrEqual(0);
    expect(JSON.stringify(body)).not.toMatch(/file:|postgresql:\/\/|password/i);
  });
});
