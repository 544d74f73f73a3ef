/**
 * Bootstrap API keys from the command line, for a fresh install's first
 * script and for tests. Acts as the merchant's owner; every change is in the
 * audit log as "Command line".
 *
 *   npm run keys -- create --merchant <id or name> --name <name>
 *                  [--type secret|restricted|publishable] [--environment test|live]
 *                  [--permissions api_keys:read,api_keys:write] [--expires-at <ISO date>|never]
 *                  [--description <text>] [--allowed-ips 203.0.113.0/24,2001:db8::/32] [--refreshable] [--json]
 *   npm run keys -- list --merchant <id or name> [--environment test|live] [--json]
 *   npm run keys -- verifier-token --name <name> [--json]
 *
 * `verifier-token` mints a token for the operator's gateways to call
 * POST /api/v1/keys/verify: it prints the token once on stdout, and on
 * stderr the KEYWARD_VERIFIER_TOKENS entry (its hash) to configure.
 *
 * `create` prints the new secret once, alone on stdout (so
 * `KEY=$(npm run -s keys -- create ...)` works), and what it did on stderr.
 */
import "../lib/load-env";
import { parseArgs } from "node:util";
import { z } from "zod";
import { db } from "../lib/db";
import type { UserActor } from "../lib/auth/actor";
import { isServiceError } from "../lib/errors";
import { createApiKey, type ApiKeyView } from "../lib/api-keys/service";
import { listApiKeysByCursor } from "../lib/api-keys/service";
import { splitAllowlistText } from "../lib/api-keys/ip-allowlist";
import { createRefreshableKey } from "../lib/api-keys/refresh";
import { mintVerifierToken } from "../lib/gateway/verifier-tokens";
import { createApiKeySchema, keyCursorQuerySchema, type CreateApiKeyInput } from "../lib/validations/api-key";
import { parseInput } from "../lib/validations/parse";

const USAGE = `Usage:
  npm run keys -- create --merchant <id or name> --name <name> [--type secret|restricted|publishable]
                 [--environment test|live] [--permissions a:read,b:write] [--expires-at <ISO date>|never]
                 [--description <text>] [--allowed-ips 203.0.113.0/24,2001:db8::/32] [--refreshable] [--json]
  npm run keys -- list --merchant <id or name> [--environment test|live] [--json]
  npm run keys -- verifier-token --name <name> [--json]`;

class UsageError extends Error {}

async function findMerchant(ref: string | undefined) {
  if (!ref) throw new UsageError("--merchant is required (a merchant id or name)");
  const byId = await db.merchant.findUnique({ where: { id: ref } });
  if (byId) return byId;
  const all = await db.merchant.findMany({ select: { id: true, name: true, createdAt: true } });
  const matches = all.filter((m) => m.name.toLowerCase() === ref.toLowerCase());
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UsageError(`Several merchants are named "${ref}"; pass an id: ${matches.map((m) => m.id).join(", ")}`);
  }
  throw new UsageError(`No merchant "${ref}"`);
}

function cliActor(merchantId: string): UserActor {
  // Whoever runs the CLI has the server's shell: that is their confirmation.
  return { kind: "user", userId: "cli", label: "Command line", merchantId, role: "owner", ip: null, userAgent: "keyward-cli", verifiedAt: new Date() };
}

function describe(key: ApiKeyView): string {
  const expiry = key.expiresAt ? `expires ${key.expiresAt.toISOString()}` : "never expires";
  return `${key.id}  ${key.type} ${key.environment}  "${key.name}"  ${key.prefix}…  ${key.status}, ${expiry}`;
}

/** --type and --environment, checked by the key service's own fields, so a wrong one fails as the service would. */
function kindOptions(type: unknown, environment: unknown) {
  const { shape } = createApiKeySchema;
  return parseInput(z.object({ type: shape.type, environment: shape.environment }), { type, environment });
}

async function create(values: Record<string, string | boolean | undefined>) {
  const merchant = await findMerchant(values.merchant as string | undefined);
  if (!values.name) throw new UsageError("--name is required");
  const expires = values["expires-at"] as string | undefined;
  const { type, environment } = kindOptions(values.type ?? "secret", values.environment ?? "test");
  const input: CreateApiKeyInput = {
    name: String(values.name),
    type,
    environment,
    permissions: values.permissions ? String(values.permissions).split(",").map((s) => s.trim()).filter(Boolean) : [],
  };
  if (values.description) input.description = String(values.description);
  if (values["allowed-ips"]) input.allowedIps = splitAllowlistText(String(values["allowed-ips"]));
  if (expires) input.expiresAt = expires === "never" ? null : expires;
  const actor = cliActor(merchant.id);
  if (values.refreshable) {
    const created = await createRefreshableKey(actor, input);
    if (values.json) {
      console.log(
        JSON.stringify({
          id: created.key.id,
          secret: created.secret,
          refresh_token: created.refreshToken,
          expires_at: created.key.expiresAt?.toISOString() ?? null,
          refresh_token_expires_at: created.refreshTokenExpiresAt.toISOString(),
        }),
      );
    } else {
      console.error(`Created for ${merchant.name}: ${describe(created.key)}`);
      console.error(`Refresh token (shown once, valid until ${created.refreshTokenExpiresAt.toISOString()}): ${created.refreshToken}`);
      console.log(created.secret);
    }
    return;
  }
  const created = await createApiKey(actor, input, "response");
  if (values.json) {
    console.log(JSON.stringify({ id: created.key.id, secret: created.secret, type: created.key.type, environment: created.key.environment }));
  } else {
    console.error(`Created for ${merchant.name}: ${describe(created.key)}`);
    console.error("The secret below is shown once; store it now.");
    console.log(created.secret);
  }
}

async function list(values: Record<string, string | boolean | undefined>) {
  const merchant = await findMerchant(values.merchant as string | undefined);
  const actor = cliActor(merchant.id);
  const { environment } = parseInput(z.object({ environment: keyCursorQuerySchema.shape.environment }), { environment: values.environment });
  const keys: ApiKeyView[] = [];
  let startingAfter: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const result = await listApiKeysByCursor(actor, { limit: 100, startingAfter, environment });
    keys.push(...result.items);
    if (!result.nextCursor) break;
    startingAfter = result.nextCursor;
  }
  if (values.json) {
    console.log(
      JSON.stringify(
        keys.map((k) => ({
          id: k.id,
          name: k.name,
          type: k.type,
          environment: k.environment,
          prefix: k.prefix,
          status: k.status,
          expires_at: k.expiresAt?.toISOString() ?? null,
        })),
      ),
    );
    return;
  }
  if (keys.length === 0) console.log(`${merchant.name} has no keys.`);
  for (const key of keys) console.log(describe(key));
}

function verifierToken(values: Record<string, string | boolean | undefined>) {
  if (!values.name) throw new UsageError("--name is required (which gateway the token is for)");
  let minted: { token: string; entry: string };
  try {
    minted = mintVerifierToken(String(values.name));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.json) {
    console.log(JSON.stringify({ token: minted.token, entry: minted.entry }));
    return;
  }
  console.error("Add this entry to KEYWARD_VERIFIER_TOKENS (comma-separated) and restart the servers:");
  console.error(`  ${minted.entry}`);
  console.error("The token below is shown once; give it to the gateway as Authorization: Bearer <token>.");
  console.log(minted.token);
}

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      merchant: { type: "string" },
      name: { type: "string" },
      type: { type: "string" },
      environment: { type: "string" },
      permissions: { type: "string" },
      "expires-at": { type: "string" },
      description: { type: "string" },
      "allowed-ips": { type: "string" },
      refreshable: { type: "boolean" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals[0];
  if (values.help || !command) {
    console.log(USAGE);
    return;
  }
  if (command === "create") return create(values);
  if (command === "list") return list(values);
  if (command === "verifier-token") return verifierToken(values);
  throw new UsageError(`Unknown command "${command}"`);
}

main()
  .then(() => db.$disconnect())
  .catch(async (err) => {
    if (err instanceof UsageError) console.error(`${err.message}\n\n${USAGE}`);
    else if (isServiceError(err)) {
      console.error(err.message);
      for (const [field, messages] of Object.entries(err.fieldErrors ?? {})) console.error(`  ${field}: ${messages.join("; ")}`);
    } else console.error(err instanceof Error ? err.message : err);
    await db.$disconnect();
    process.exit(1);
  });
