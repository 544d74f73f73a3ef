import { describe, expect, it } from "vitest";
import { runExclusively } from "@/lib/db/job-lock";
import { databaseKind } from "@/lib/db/url";

const postgresOnly = databaseKind() === "postgresql" ? it : it.skip;

describe("periodic jobs", () => {
  it("run, and give back what the job returns", async () => {
    expect(await runExclusively(`job_${Date.now()}`, async () => 7)).toEqual({ ran: true, value: 7 });
  });

  postgresOnly("run on one instance at a time: a second taker skips the round, and the lock is free afterwards", async () => {
    const name = `job_${Date.now()}_${Math.random()}`;
    // Each call holds its own connection, as two instances would.
    const outer = await runExclusively(name, () => runExclusively(name, async () => "inner ran"));
    expect(outer).toEqual({ ran: true, value: { ran: false } });
    expect(await runExclusively(name, async () => "again")).toEqual({ ran: true, value: "again" });
  });

  postgresOnly("release the lock when the job fails", async () => {
    const name = `job_${Date.now()}_${Math.random()}`;
    await expect(runExclusively(name, async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await runExclusively(name, async () => 1)).toEqual({ ran: true, value: 1 });
  });
});
