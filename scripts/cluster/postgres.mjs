// A private PostgreSQL server from Debian's packages (postgresql-15 or newer):
// its own data directory and port, started and stopped without touching any
// other server on the machine. Used by `npm run cluster` and the load tests.
import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

function binDir() {
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, "bin", "pg_ctl")))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error("PostgreSQL is not installed: apt-get install postgresql (or set DATABASE_URL to a server).");
  }
  return path.join(root, versions[0], "bin");
}

const isRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL program, as the postgres user when we are root (the server refuses to run as root). */
function run(program, args, options = {}) {
  const bin = path.join(binDir(), program);
  const [cmd, argv] = isRoot ? ["runuser", ["-u", "postgres", "--", bin, ...args]] : [bin, args];
  return execFileSync(cmd, argv, { stdio: options.stdio ?? "pipe", encoding: "utf8", timeout: options.timeout ?? 60_000 });
}

/**
 * A PostgreSQL server in `dataDir` listening on 127.0.0.1:`port`, trusting
 * local connections (loopback only, for trying and testing). Created on first
 * use; `start()` and `stop()` may be called again and again.
 */
export function privatePostgres({ dataDir = path.join(os.tmpdir(), "keyward-postgres"), port = 5440 } = {}) {
  const user = "keyward";
  const url = `postgresql://${user}@127.0.0.1:${port}/postgres`;
  const pgCtl = (args, timeout) => run("pg_ctl", ["-D", dataDir, ...args], { timeout });

  function init() {
    if (existsSync(path.join(dataDir, "PG_VERSION"))) return;
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (isRoot) {
      const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
      const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
      chownSync(dataDir, uid, gid);
    }
    run("initdb", ["-D", dataDir, "-U", user, "--auth=trust", "--encoding=UTF8", "--no-sync"]);
    writeFileSync(
      path.join(dataDir, "postgresql.auto.conf"),
      [`port = ${port}`, "listen_addresses = '127.0.0.1'", `unix_socket_directories = '${dataDir}'`, "fsync = off", "max_connections = 200", ""].join("\n"),
    );
    if (isRoot) execFileSync("chown", ["postgres:postgres", path.join(dataDir, "postgresql.auto.conf")]);
  }

  function running() {
    try {
      pgCtl(["status"]);
      return true;
    } catch {
      return false;
    }
  }

  return {
    url,
    port,
    dataDir,
    /** Creates the server if needed and starts it; returns once it accepts connections. */
    start() {
      init();
      if (!running()) pgCtl(["-l", path.join(dataDir, "server.log"), "-w", "-t", "60", "start"], 90_000);
      return url;
    },
    /** Stops the server (fast shutdown: open connections are closed). */
    stop() {
      if (running()) pgCtl(["-m", "fast", "-w", "-t", "60", "stop"], 90_000);
    },
    running,
    /** Stops the server and deletes its data. */
    destroy() {
      this.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
