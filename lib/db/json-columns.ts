/**
 * The shapes JSON columns are stored in, read defensively: a value of the
 * wrong shape reads as empty rather than as a lie about its type. Invalid
 * JSON still throws (a corrupt row is not silently emptied). Free of
 * imports, so decoders that browser code uses can build on them. Each
 * column's own decoder lives beside its domain and says which it is.
 */

/** A JSON object; anything else reads as `{}`. */
export function decodeJsonObject(stored: string): Record<string, unknown> {
  const value: unknown = JSON.parse(stored);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A JSON object of strings; other values are dropped. */
export function decodeStringRecord(stored: string): Record<string, string> {
  return Object.fromEntries(Object.entries(decodeJsonObject(stored)).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** A JSON array's strings, and whether the array held nothing else; anything but an array reads as an empty, incomplete list. */
export function decodeStringList(stored: string): { strings: string[]; complete: boolean } {
  const value: unknown = JSON.parse(stored);
  if (!Array.isArray(value)) return { strings: [], complete: false };
  const strings = value.filter((v): v is string => typeof v === "string");
  return { strings, complete: strings.length === value.length };
}

/** A JSON array's strings; other entries are dropped. */
export function decodeStringArray(stored: string): string[] {
  return decodeStringList(stored).strings;
}
