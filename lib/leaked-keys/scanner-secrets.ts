import "server-only";
import type { VersionedKey } from "@/lib/config/secrets";

/**
 * KEYWARD_SCANNER_SECRETS: one shared HMAC secret per secret scanner that
 * may report leaked keys, as `id:base64` entries (at least 32 bytes each),
 * e.g. `github:…,gitlab:…`. The id names the reporter in the audit log; a
 * scanner rotating its secret is given a second entry under a new id.
 *
 * Unset or empty means leak reports are refused (see the route): without a
 * reporter secret, anyone could file reports, write attacker-chosen URLs
 * into a merchant's audit log and revoke any key they happen to hold.
 */
export const SCANNER_SECRETS_ENV = "KEYWARD_SCANNER_SECRETS";
const MIN_BYTES = 32;

export class ScannerSecretsError extends Error {
  constructor(message: string) {
    super(`${SCANNER_SECRETS_ENV}: ${message}`);
    this.name = "ScannerSecretsError";
  }
}

/** The configured scanner secrets; empty when none is configured. Throws on a malformed list. */
export function scannerSecrets(): VersionedKey[] {
  const raw = process.env[SCANNER_SECRETS_ENV]?.trim();
  if (!raw) return [];
  const keys = raw.split(",").map((part) => {
    const [id, value, ...rest] = part.trim().split(":");
    if (!id || !value || rest.length || !/^[A-Za-z0-9_-]{1,32}$/.test(id)) {
      throw new ScannerSecretsError("each entry must be id:base64");
    }
    const key = Buffer.from(value, "base64");
    if (key.length < MIN_BYTES) throw new ScannerSecretsError(`secret "${id}" must be at least ${MIN_BYTES} bytes`);
    return { id, key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new ScannerSecretsError("duplicate scanner id");
  return keys;
}
