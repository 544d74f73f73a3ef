/**
 * The production server under benchmark: `node scripts/serve.mjs` on the
 * bench's database, started and stopped by the bench, with its resident
 * memory read from /proc.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { root, startProductionServer } from "../tests/support/production-server";

export function hasProductionBuild(): boolean {
  const dist = path.join(root, process.env.NEXT_DIST_DIR || ".next");
  return existsSync(path.join(dist, "BUILD_ID")) && existsSync(path.join(dist, "keyward-gateway.mjs"));
}

/**
 * The Node flags and environment of `npm start` (package.json), so the bench
 * measures the server as it is deployed: its heap bounds decide its memory.
 */
export function startCommand(): { flags: string[]; env: Record<string, string> } {
  const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  const node = words.indexOf("node");
  const env = Object.fromEntries(words.slice(0, node).map((w) => w.split("=") as [string, string]));
  const flags = words.slice(node + 1).filter((w) => w.startsWith("--"));
  return { flags, env };
}

export type BenchServer = { baseUrl: string; pid: number; stop(): Promise<void> };

/**
 * Starts the server as `npm start` does, with `env` added. BENCH_CPU_PROF=<dir> writes a CPU
 * profile there when it stops; BENCH_NODE_FLAGS adds Node flags (e.g.
 * --heapsnapshot-signal=SIGUSR2).
 */
export async function startServer(env: Record<string, string>): Promise<BenchServer> {
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  const start = startCommand();
  const flags = [...start.flags, ...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean)];
  const server = await startProductionServer({ env: { ...start.env, ...env }, nodeArgs: [...profile, ...flags], pollMs: 200 });
  return { baseUrl: server.baseUrl, pid: server.child.pid!, stop: server.stop };
}

/** Resident memory now and at its peak (VmRSS, VmHWM), in MB; null where /proc is missing. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
  } catch {
    return null;
  }
}
