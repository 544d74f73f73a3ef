// Production server: Next.js behind a thin Node HTTP server. It passes the
// socket's peer address to the app in a header clients cannot forge (route
// handlers have no access to the socket), and answers the gateway's key
// verification (POST /api/v1/keys/verify) itself, from the build's bundle of
// lib/gateway: that endpoint is called for every payment request, and
// Next.js's per-request pipeline costs more than the verification.
import { existsSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import next from "next";
import { nodeSupportWarning } from "./node-support.mjs";
import { withAccessLog } from "../lib/log/access.mjs";

const dir = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const dev = process.argv.includes("--dev");

const nodeWarning = nodeSupportWarning();
if (nodeWarning) console.warn(nodeWarning);

// Load next.config.ts with Node's own type stripping where Node has it (22.18+),
// as `next start --experimental-next-config-strip-types` does: otherwise Next.js
// loads its SWC compiler (~26 MB that stays resident) just to read the config.
if (!dev && process.features.typescript) process.env.__NEXT_NODE_NATIVE_TS_LOADER_ENABLED ??= "true";

const app = next({ dev, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

/** The gateway bundle of this build (npm run build makes it); in development Next.js serves the route. */
async function loadGateway() {
  if (dev) return null;
  const file = path.join(dir, process.env.NEXT_DIST_DIR || ".next", "keyward-gateway.mjs");
  if (!existsSync(file)) {
    console.warn("Keyward: no gateway bundle in this build (run npm run build): Next.js serves POST /api/v1/keys/verify.");
    return null;
  }
  return import(pathToFileURL(file).href);
}
const gateway = await loadGateway();

createServer(
  withAccessLog((req, res) => {
    req.headers["x-keyward-peer-ip"] = req.socket.remoteAddress ?? "";
    if (gateway?.isGatewayRequest(req)) return void gateway.handleGatewayRequest(req, res);
    handle(req, res);
  }),
).listen(port, hostname, () => {
  console.log(`Keyward listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});
