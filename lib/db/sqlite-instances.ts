import "server-only";
import { readFileSync, writeFileSync } from "node:fs";

/** Whether a process with this id is running (EPERM: it runs, under another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * SQLite serves one instance: its rate limits, throttles and write-behind
 * buffers live in that process. Each server process notes its id in a file
 * beside the database (`<file>.instances`) and removes it on exit; this
 * returns the ids of the other servers found running on the same file, so
 * the startup log can say the setup needs PostgreSQL.
 */
export function registerSqliteInstance(databaseFile: string): number[] {
  const registry = `${databaseFile}.instances`;
  let listed: number[] = [];
  try {
    listed = readFileSync(registry, "utf8")
      .split(/\s+/)
      .map(Number)
      .filter((pid) => Number.isInteger(pid) && pid > 0);
  } catch {
    // no registry yet
  }
  const others = [...new Set(listed)].filter((pid) => pid !== process.pid && alive(pid));
  try {
    writeFileSync(registry, [...others, process.pid].join("\n") + "\n");
    process.once("exit", () => {
      try {
        const left = readFileSync(registry, "utf8")
          .split(/\s+/)
          .filter((line) => line && Number(line) !== process.pid);
        writeFileSync(registry, left.length ? left.join("\n") + "\n" : "");
      } catch {
        // the directory may be gone already
      }
    });
  } catch {
    // a read-only directory: nothing to note, nothing to warn about
  }
  return others;
}
