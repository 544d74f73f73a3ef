import ipaddr from "ipaddr.js";
import { decodeAllowedIps } from "./json-columns";

/**
 * Per-key IP allowlists: IPv4 and IPv6 addresses and CIDR ranges. Pure and
 * browser-safe: the dashboard forms validate with the same functions as the
 * server. IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) count as the IPv4
 * address they carry, in entries and in the addresses checked.
 */
export const MAX_ALLOWED_IPS = 100;
export const MAX_ALLOWED_IP_LENGTH = 64;

type Addr = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Addr, number];

/** Strict parsing: dotted-quad IPv4 only (no "10", "0x0a.1" or octal forms), no IPv6 zone ids. */
function parseAddress(text: string): Addr | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.IPv4.parse(text);
  if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return null;
  const v6 = ipaddr.IPv6.parse(text);
  return v6.isIPv4MappedAddress() ? v6.toIPv4Address() : v6;
}

function parseEntry(entry: string): Range | null {
  const text = entry.trim();
  if (!text || text.length > MAX_ALLOWED_IP_LENGTH) return null;
  const slash = text.indexOf("/");
  if (slash === -1) {
    const addr = parseAddress(text);
    return addr ? [addr, addr.kind() === "ipv4" ? 32 : 128] : null;
  }
  const prefixText = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  let prefix = Number(prefixText);
  const addrText = text.slice(0, slash);
  let addr: Addr;
  if (ipaddr.IPv4.isValidFourPartDecimal(addrText)) {
    if (prefix > 32) return null;
    addr = ipaddr.IPv4.parse(addrText);
  } else {
    if (addrText.includes("%") || !ipaddr.IPv6.isValid(addrText) || prefix > 128) return null;
    const v6 = ipaddr.IPv6.parse(addrText);
    if (v6.isIPv4MappedAddress() && prefix >= 96) {
      addr = v6.toIPv4Address();
      prefix -= 96;
    } else addr = v6;
  }
  // The range's first address: "10.1.2.3/8" means 10.0.0.0/8.
  const network =
    addr.kind() === "ipv4"
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${prefix}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${prefix}`);
  return [network, prefix];
}

export function isAllowlistEntry(entry: string): boolean {
  return parseEntry(entry) !== null;
}

/** The stored form of an entry: "10.0.0.0/8", "2001:db8::/32", or a bare address for a single one. */
export function normalizeAllowlistEntry(entry: string): string | null {
  const range = parseEntry(entry);
  if (!range) return null;
  const [addr, prefix] = range;
  const single = prefix === (addr.kind() === "ipv4" ? 32 : 128) && !entry.includes("/");
  return single ? addr.toString() : `${addr.toString()}/${prefix}`;
}

/** Normalised, without duplicates, in the order given; null for an empty list (any IP). Entries must be valid. */
export function normalizeAllowlist(entries: readonly string[]): string[] | null {
  const out = [...new Set(entries.map((e) => normalizeAllowlistEntry(e)).filter((e): e is string => e !== null))];
  return out.length ? out : null;
}

/** Splits the dashboard's textarea: one entry a line, or separated by commas or spaces. */
export function splitAllowlistText(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export type AllowlistMatcher = (ip: string | null) => boolean;

function compile(entries: readonly string[]): AllowlistMatcher {
  const ranges = entries.map(parseEntry).filter((r): r is Range => r !== null);
  return (ip) => {
    if (!ip) return false;
    const addr = parseAddress(ip.trim());
    if (!addr) return false;
    return ranges.some(([net, prefix]) => net.kind() === addr.kind() && addr.match(net, prefix));
  };
}

/** Compiled allowlists by their stored JSON, so the hot path parses each list once. Bounded; oldest out first. */
const compiled = new Map<string, AllowlistMatcher>();
const MAX_COMPILED = 1000;
const DENY_ALL: AllowlistMatcher = () => false;

/**
 * The matcher for a stored allowlist (a JSON array of entries). A list that
 * cannot be read denies everything: an allowlist fails closed.
 */
export function allowlistMatcher(stored: string): AllowlistMatcher {
  const hit = compiled.get(stored);
  if (hit) return hit;
  let matcher = DENY_ALL;
  const { entries, readable } = decodeAllowedIps(stored);
  try {
    if (readable) matcher = compile(entries);
  } catch {
    // stays DENY_ALL
  }
  if (compiled.size >= MAX_COMPILED) compiled.delete(compiled.keys().next().value!);
  compiled.set(stored, matcher);
  return matcher;
}

/** Decodes the stored column for display and editing. */
export function decodeAllowlist(stored: string | null): string[] | null {
  return stored === null ? null : decodeAllowedIps(stored).entries;
}
