// Pieces of a local production-shaped cluster: app instances (the production
// build behind scripts/serve.mjs), a round-robin proxy in front of them, and
// the database steps (migrate, seed). Used by `npm run cluster` and the load tests.
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import httpProxy from "http-proxy";

export const root = path.resolve(import.meta.dirname, "..", "..");

/** Runs an npm script to completion with the given environment; throws with its output on failure. */
export function npmRun(script, env, args = []) {
  const result = spawnSync("npm", ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`npm run ${script} failed:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

async function waitFor(check, { timeoutMs, what }) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * One app instance: `node scripts/serve.mjs` on 127.0.0.1:`port` in
 * production mode. Its log lines go to `logFile` (or are kept in memory,
 * the last 200 lines, for error messages). `start()` resolves once
 * /api/health answers.
 */
export function appInstance({ name, port, env, logFile, echo = false }) {
  let child = null;
  let exited = null;
  const tail = [];
  const url = `http://127.0.0.1:${port}`;
  const log = logFile ? createWriteStream(logFile, { flags: "a" }) : null;

  const instance = {
    name,
    port,
    url,
    get pid() {
      return child?.pid;
    },
    get running() {
      return Boolean(child) && exited === null;
    },
    /** The last lines it wrote. */
    tail: () => tail.join(""),
    async start() {
      exited = null;
      child = spawn(process.execPath, ["scripts/serve.mjs"], {
        cwd: root,
        env: { ...process.env, ...env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", NEXT_TELEMETRY_DISABLED: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const keep = (chunk) => {
        log?.write(chunk);
        if (echo) process.stdout.write(chunk);
        tail.push(String(chunk));
        if (tail.length > 200) tail.shift();
      };
      child.stdout.on("data", keep);
      child.stderr.on("data", keep);
      const current = child;
      current.once("exit", (code, signal) => {
        if (child === current) exited = { code, signal };
      });
      await waitFor(
        async () => {
          if (exited) throw new Error(`${name} exited (${exited.code ?? exited.signal}):\n${instance.tail()}`);
          return (await fetch(`${url}/api/health`)).ok;
        },
        { timeoutMs: 90_000, what: name },
      ).catch((err) => {
        throw new Error(`${err.message}\n${instance.tail()}`);
      });
      return instance;
    },
    /** Sends a signal and waits for the process to exit (SIGTERM: it writes its buffers first). */
    async stop(signal = "SIGTERM") {
      const current = child;
      if (!current || exited) return;
      const gone = new Promise((resolve) => current.once("exit", resolve));
      current.kill(signal);
      const timer = setTimeout(() => current.kill("SIGKILL"), 15_000);
      await gone;
      clearTimeout(timer);
    },
    /** SIGKILL: no chance to flush anything. */
    kill: () => instance.stop("SIGKILL"),
  };
  return instance;
}

/**
 * A round-robin HTTP proxy on 127.0.0.1:`port` over `targets` (URLs). It
 * adds X-Forwarded-For and X-Request-Id, so instances started with
 * TRUST_PROXY=1 see the client's address and share the request id. An
 * instance that refuses the connection is skipped for that request.
 */
export function roundRobinProxy({ port, targets, host = "127.0.0.1" }) {
  const proxy = httpProxy.createProxyServer({ xfwd: true, proxyTimeout: 30_000 });
  let next = 0;
  const server = createServer((req, res) => {
    req.headers["x-request-id"] ??= crypto.randomUUID();
    const attempt = (tries) => {
      const target = targets[next++ % targets.length];
      proxy.web(req, res, { target }, (err) => {
        const refused = err && (err.code === "ECONNREFUSED" || err.code === "ECONNRESET");
        if (refused && tries + 1 < targets.length && !res.headersSent) return attempt(tries + 1);
        if (!res.headersSent) {
          res.writeHead(502, { "content-type": "application/problem+json", "retry-after": "1" });
          res.end(JSON.stringify({ type: "about:blank", title: "Bad gateway", status: 502, detail: "No instance answered." }));
        } else res.destroy();
      });
    };
    attempt(0);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () =>
      resolve({
        url: `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`,
        close: () => new Promise((r) => server.close(() => r())).finally(() => proxy.close()),
      }),
    );
  });
}
