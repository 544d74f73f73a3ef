/**
 * Key types and environments. Kept free of imports so browser code (forms,
 * validation) can use them without pulling in the key generator's crypto.
 */
export const KEY_TYPES = ["publishable", "secret", "restricted"] as const;
export const ENVIRONMENTS = ["test", "live"] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export type Environment = (typeof ENVIRONMENTS)[number];

const isKeyType = (value: string): value is KeyType => (KEY_TYPES as readonly string[]).includes(value);
const isEnvironment = (value: string): value is Environment => (ENVIRONMENTS as readonly string[]).includes(value);

/**
 * The one place a stored string becomes a KeyType or Environment. Columns
 * are plain strings (SQLite has no enums), so a value outside the list is a
 * corrupt row: fail loudly rather than carry a wrong type on.
 */
export function asKeyType(value: string): KeyType {
  if (!isKeyType(value)) throw new Error(`Unknown key type in the database: ${JSON.stringify(value)}`);
  return value;
}

export function asEnvironment(value: string): Environment {
  if (!isEnvironment(value)) throw new Error(`Unknown environment in the database: ${JSON.stringify(value)}`);
  return value;
}
