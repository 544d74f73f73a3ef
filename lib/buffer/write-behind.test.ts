import { describe, expect, it } from "vitest";
import { writeBehind } from "./write-behind";

describe("write-behind buffer", () => {
  it("writes a large flush in slices, in key order, and turns the event loop between them", async () => {
    const slices: string[][] = [];
    // Set by a callback queued during each slice's write; true when the next slice starts if the loop turned in between.
    const loopTurned: boolean[] = [];
    let turned = false;
    const buffer = writeBehind<number>({
      name: `test-slices-${Math.random()}`,
      failure: "test write failed",
      sliceKeys: 3,
      write: async (batch) => {
        if (slices.length > 0) loopTurned.push(turned);
        slices.push(batch.map(([key]) => key));
        turned = false;
        setImmediate(() => (turned = true));
      },
    });
    for (const key of ["e", "a", "g", "c", "b", "f", "d"]) buffer.update(key, (n) => (n ?? 0) + 1);
    await buffer.flush();
    expect(slices).toEqual([["a", "b", "c"], ["d", "e", "f"], ["g"]]);
    expect(loopTurned).toEqual([true, true]);
  });

  it("still writes the other slices when one fails, and merges updates per key", async () => {
    const written: [string, number][] = [];
    const buffer = writeBehind<number>({
      name: `test-failure-${Math.random()}`,
      failure: "test write failed",
      sliceKeys: 2,
      write: async (batch) => {
        if (batch.some(([key]) => key === "c")) throw new Error("database unavailable");
        written.push(...batch);
      },
    });
    for (const key of ["a", "b", "c", "d", "e", "a"]) buffer.update(key, (n) => (n ?? 0) + 1);
    await buffer.flush();
    expect(written).toEqual([
      ["a", 2],
      ["b", 1],
      ["e", 1],
    ]);
  });

  it("puts a failed slice back, merged with what arrived since, and gives up after five attempts", async () => {
    const written: [string, number][] = [];
    let failing = new Set(["b", "c"]);
    const buffer = writeBehind<number>({
      name: `test-retry-${Math.random()}`,
      failure: "test write failed",
      sliceKeys: 1,
      intervalMs: 60_000,
      write: async (batch) => {
        if (batch.some(([key]) => failing.has(key))) throw new Error("database is locked");
        written.push(...batch);
      },
      combine: (failed, newer) => failed + newer,
    });
    for (const key of ["a", "b", "c", "b"]) buffer.update(key, (n) => (n ?? 0) + 1);
    await buffer.flush();
    expect(written).toEqual([["a", 1]]);

    // b recovers; c keeps failing. b's two earlier uses and its new one are written together.
    failing = new Set(["c"]);
    buffer.update("b", (n) => (n ?? 0) + 1);
    await buffer.flush();
    expect(written).toEqual([
      ["a", 1],
      ["b", 3],
    ]);

    // c fails five times in all, then is dropped rather than retried forever.
    for (let attempt = 3; attempt <= 5; attempt++) await buffer.flush();
    failing = new Set();
    await buffer.flush();
    expect(written.map(([key]) => key)).not.toContain("c");
  });
});
