import "server-only";
import { currentMasterKey, findMasterKey } from "@/lib/config/secrets";
import { deriveKey, open, seal } from "@/lib/crypto/seal";

/** How long a created or rolled secret waits to be revealed in the dashboard. */
export const REVEAL_WINDOW_MS = 10 * 60_000;

/**
 * The short-lived encrypted copy of a new secret that waits for its one
 * reveal. Bound to its key id, so it cannot be revealed as another key.
 * Stored as <masterKeyId>:<sealed>.
 */
export function sealPendingSecret(keyId: string, secret: string): string {
  const master = currentMasterKey();
  return `${master.id}:${seal(secret, deriveKey(master.key, "pending-reveal"), `pending:${keyId}`)}`;
}

export function openPendingSecret(keyId: string, stored: string): string {
  const i = stored.indexOf(":");
  const master = findMasterKey(stored.slice(0, i));
  return open(stored.slice(i + 1), deriveKey(master.key, "pending-reveal"), `pending:${keyId}`).toString("utf8");
}
