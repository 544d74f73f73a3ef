/**
 * Rolling a live secret or restricted key breaks integrations once the grace
 * period ends, so the dashboard asks for the key's name to be typed.
 */
export function needsNameConfirmation(key: { type: string; environment: string }): boolean {
  return key.environment === "live" && key.type !== "publishable";
}

export function nameConfirmed(key: { name: string }, typed: unknown): boolean {
  return typeof typed === "string" && typed.trim() === key.name.trim();
}
