/**
 * The production build served by `node scripts/serve.mjs` on a free port of
 * 127.0.0.1: how the HTTP tests and the bench start a server of their own.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect, createServer } from "node:net";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..", "..");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** Ready once GET /api/health answers 200. */
export const healthy = (baseUrl: string): Promise<boolean> => fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);

/** Ready once the port accepts connections (the server listens only once the app is ready): spends no requests, so rate limits stay whole. */
export const listening = (baseUrl: string): Promise<boolean> =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(baseUrl);
    const socket = connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export type ProductionServer = {
  baseUrl: string;
  child: ChildProcess;
  /** SIGTERM, resolved once the process has exited. */
  stop(): Promise<void>;
};

export type ServerOptions = {
  /** Added to this process's environment (NODE_ENV, PORT and HOST are set here). */
  env: Record<string, string>;
  /** Node flags before the script, e.g. heap bounds or --cpu-prof. */
  nodeArgs?: string[];
  ready?: (baseUrl: string) => Promise<boolean>;
  timeoutMs?: number;
  pollMs?: number;
};

/** Starts the server and waits until `ready` says so; a server that exits or stays unready is stopped and its output thrown. */
export async function startProductionServer({ env, nodeArgs = [], ready = healthy, timeoutMs = 60_000, pollMs = 250 }: ServerOptions): Promise<ProductionServer> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, "scripts/serve.mjs"], {
    cwd: root,
    env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + timeoutMs; ; ) {
    if (child.exitCode !== null) throw new Error(`The server exited early:\n${output}`);
    if (await ready(baseUrl)) return { baseUrl, child, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The server did not start in ${timeoutMs / 1000} s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
