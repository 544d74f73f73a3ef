// Bundles the key-verification gateway (lib/gateway/node-handler.ts) into
// the build directory, for scripts/serve.mjs to answer
// POST /api/v1/keys/verify ahead of Next.js. It is the same code the
// Next.js routes run (lib/), compiled once more: one implementation.
// Packages stay external and load from node_modules, like the app's.
import path from "node:path";
import { build } from "esbuild";

const root = path.resolve(import.meta.dirname, "..");
const distDir = process.env.NEXT_DIST_DIR || ".next";
const outfile = path.join(root, distDir, "keyward-gateway.mjs");

await build({
  entryPoints: [path.join(root, "lib/gateway/node-handler.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  tsconfig: path.join(root, "tsconfig.json"),
  logLevel: "warning",
  plugins: [
    {
      // The guard against importing server code into a client bundle: this bundle is all server.
      name: "server-only",
      setup(b) {
        b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: "empty" }));
        b.onLoad({ filter: /.*/, namespace: "empty" }, () => ({ contents: "export {}", loader: "js" }));
      },
    },
  ],
});
console.log(`Gateway bundled: ${path.relative(root, outfile)}`);
