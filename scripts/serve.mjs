// Production server: Next.js behind a thin Node HTTP server whose one job is
// to pass the socket's peer address to the app in a header clients cannot
// forge (route handlers have no access to the socket).
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { nodeSupportWarning } from "./node-support.mjs";
import { withAccessLog } from "../lib/log/access.mjs";

const dir = path.resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOST ?? "0.0.0.0";
const dev = process.argv.includes("--dev");

const nodeWarning = nodeSupportWarning();
if (nodeWarning) console.warn(nodeWarning);

const app = next({ dev, dir, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

createServer(
  withAccessLog((req, res) => {
    req.headers["x-keyward-peer-ip"] = req.socket.remoteAddress ?? "";
    handle(req, res);
  }),
).listen(port, hostname, () => {
  console.log(`Keyward listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});
