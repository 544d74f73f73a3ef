/**
 * Key types and environments. Kept free of imports so browser code (forms,
 * validation) can use them without pulling in the key generator's crypto.
 */
export const KEY_TYPES = ["publishable", "secret", "restricted"] as const;
export const ENVIRONMENTS = ["test", "live"] as const;
export type KeyType = (typeof KEY_TYPES)[number];
export type Environment = (typeof ENVIRONMENTS)[number];
