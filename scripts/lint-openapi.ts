/**
 * Lints the OpenAPI document against the OWASP API Security ruleset
 * (.spectral.yaml): writes the document as the server builds it to
 * node_modules/.cache/keyward/openapi.json (the ruleset's per-operation
 * overrides name that path) and runs Spectral on it. Offline: the ruleset is
 * the npm package in node_modules, never fetched.
 *
 *   npm run lint:openapi            fail on errors
 *   npm run lint:openapi -- --all   also list warnings
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildOpenApiDocument } from "../lib/openapi/document";

const root = path.resolve(import.meta.dirname, "..");
// Relative to the project root, as .spectral.yaml's overrides refer to it.
const file = path.join("node_modules", ".cache", "keyward", "openapi.json");
mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
writeFileSync(path.join(root, file), JSON.stringify(buildOpenApiDocument(), null, 2));
const args = ["lint", file, "--ruleset", ".spectral.yaml", "--fail-severity", "error"];
if (!process.argv.includes("--all")) args.push("--display-only-failures");
const result = spawnSync(path.join(root, "node_modules", ".bin", "spectral"), args, { stdio: "inherit", cwd: root });
process.exit(result.status ?? 1);
