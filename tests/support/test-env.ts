import { randomBytes } from "node:crypto";

/** Secrets for a test process: random each run, never read from the developer's .env.local. */
export function testSecrets(): Record<string, string> {
  return {
    AUTH_SECRET: randomBytes(32).toString("base64url"),
    KEYWARD_HASH_SECRETS: `t1:${randomBytes(32).toString("base64")}`,
    KEYWARD_MASTER_KEYS: `tm1:${randomBytes(32).toString("base64")}`,
  };
}
