import { randomBase62, toBase62 } from "@/lib/ids";

/**
 * Key format: <type>_<environment>_<40 random base62><6 base62 CRC32>
 * e.g. sk_live_4e5fG…Q1x9Za. 40 base62 characters carry 238 bits; the CRC32
 * checksum lets secret scanners reject typos without a database lookup.
 */
export { ENVIRONMENTS, KEY_TYPES, type Environment, type KeyType } from "./kinds";
import { asEnvironment, type Environment, type KeyType } from "./kinds";

const TYPE_PREFIX: Record<KeyType, string> = { publishable: "pk", secret: "sk", restricted: "rk" };
const PREFIX_TYPE: Record<string, KeyType> = { pk: "publishable", sk: "secret", rk: "restricted" };

const RANDOM_LENGTH = 40;
const CHECKSUM_LENGTH = 6;
const DISPLAY_CHARS = 4;
export const KEY_PATTERN = /^(pk|sk|rk)_(test|live)_([0-9A-Za-z]{46})$/;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(input: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(input, "utf8")) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

export function generateKey(type: KeyType, environment: Environment): string {
  const body = `${TYPE_PREFIX[type]}_${environment}_${randomBase62(RANDOM_LENGTH)}`;
  return body + toBase62(crc32(body), CHECKSUM_LENGTH);
}

export type ParsedKey = { type: KeyType; environment: Environment; key: string };

/** Parses a presented key; null when it is malformed or its checksum is wrong. */
export function parseKey(candidate: string): ParsedKey | null {
  if (candidate.length !== 54) return null;
  const match = KEY_PATTERN.exec(candidate);
  if (!match) return null;
  const body = candidate.slice(0, candidate.length - CHECKSUM_LENGTH);
  if (toBase62(crc32(body), CHECKSUM_LENGTH) !== candidate.slice(-CHECKSUM_LENGTH)) return null;
  return { type: PREFIX_TYPE[match[1]!]!, environment: asEnvironment(match[2]!), key: candidate };
}

/** What stays visible after the reveal: type, environment and the first random characters. */
export function displayPrefix(key: string): string {
  const [t, env, rest] = key.split("_");
  return `${t}_${env}_${(rest ?? "").slice(0, DISPLAY_CHARS)}`;
}
