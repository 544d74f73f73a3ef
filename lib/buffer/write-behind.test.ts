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
});
