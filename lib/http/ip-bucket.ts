import ipaddr from "ipaddr.js";

/**
 * The key a per-IP limit counts under. IPv4 addresses count one by one. An
 * IPv6 address counts by its /64: a single subscriber usually holds a whole
 * /64 (often far more), so per-address limits would let one client rotate
 * through 2^64 fresh budgets. IPv4-mapped IPv6 (::ffff:a.b.c.d) counts as the
 * IPv4 address. Anything unparsable is kept as given (trimmed, capped), so it
 * still counts, just on its own.
 */
export function ipBucket(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const raw = ip.trim();
  if (!ipaddr.isValid(raw)) return raw.slice(0, 64) || null;
  const addr = ipaddr.process(raw);
  if (addr.kind() === "ipv4") return addr.toString();
  const prefix = (addr as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(":")}::/64`;
}
