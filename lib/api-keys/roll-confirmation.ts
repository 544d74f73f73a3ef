/**
 * Typed-name confirmations. Rolling a live secret or restricted key breaks
 * integrations once the grace period ends, and revoking a live key, or any
 * key used in the last 7 days, breaks them at once, so the dashboard asks for
 * the key's name to be typed. The server actions enforce the same rules.
 */
export function needsNameConfirmation(key: { type: string; environment: string }): boolean {
  return key.environment === "live" && key.type !== "publishable";
}

const RECENT_USE_MS = 7 * 86_400_000;

export function needsRevokeConfirmation(key: { environment: string; lastUsedAt: Date | null }, now: Date): boolean {
  if (key.environment === "live") return true;
  return key.lastUsedAt !== null && now.getTime() - key.lastUsedAt.getTime() < RECENT_USE_MS;
}

export function nameConfirmed(key: { name: string }, typed: unknown): boolean {
  return typeof typed === "string" && typed.trim() === key.name.trim();
}
