import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { registerSqliteInstance } from "./sqlite-instances";

describe("several processes on one SQLite file", () => {
  it("finds the other running servers noted beside the file, forgetting those that have exited", async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "keyward-sqlite-")), "keyward.db");
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"], { stdio: "ignore" });
    try {
      // A process that has exited (pid 2^22 + 1 is beyond Linux's pid range) and one that runs.
      writeFileSync(`${file}.instances`, `4194305\n${other.pid}\n`);
      expect(registerSqliteInstance(file)).toEqual([other.pid]);
      expect(readFileSync(`${file}.instances`, "utf8").split("\n").filter(Boolean).map(Number)).toEqual([other.pid, process.pid]);
    } finally {
      other.kill();
    }
  });

  it("finds nothing when this is the only server", () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "keyward-sqlite-")), "keyward.db");
    expect(registerSqliteInstance(file)).toEqual([]);
    expect(registerSqliteInstance(file)).toEqual([]);
  });
});
