import { decodeStringArray, decodeStringList, decodeStringRecord } from "@/lib/db/json-columns";

/**
 * Decoders for a key's JSON columns. Free of server imports, so the key
 * policy (which browser code uses too) can decode permissions without
 * pulling in server modules.
 */

/** api_keys.permissions: a JSON array of scopes. */
export function decodePermissions(stored: string): string[] {
  return decodeStringArray(stored);
}

/** api_keys.metadata: a JSON object of strings. */
export function decodeMetadata(stored: string): Record<string, string> {
  return decodeStringRecord(stored);
}

/**
 * api_keys.allowed_ips: a JSON array of IP addresses and CIDR ranges. An
 * unreadable list (not JSON, not an array, or holding anything but strings)
 * says so, so that enforcement can fail closed while display shows what it can.
 */
export function decodeAllowedIps(stored: string): { entries: string[]; readable: boolean } {
  try {
    const { strings, complete } = decodeStringList(stored);
    return { entries: strings, readable: complete };
  } catch {
    return { entries: [], readable: false };
  }
}
