import ipaddr from "ipaddr.js";

/**
 * Which addresses a webhook may reach. Only public unicast addresses,
 * unless the operator allows private ones (KEYWARD_WEBHOOK_ALLOW_PRIVATE=true,
 * for development and the demo): otherwise a merchant could make the server
 * call its own network (cloud metadata, databases, admin ports).
 */
export const ALLOW_PRIVATE_ENV = "KEYWARD_WEBHOOK_ALLOW_PRIVATE";

export function privateAddressesAllowed(): boolean {
  return process.env[ALLOW_PRIVATE_ENV] === "true";
}

/** The host of a URL without IPv6 brackets. */
export function bareHost(hostname: string): string {
  return hostname.startsWith("[") && hostname.endsWith("]") ? hostname.slice(1, -1) : hostname;
}

/** An IP address literal, IPv4-mapped IPv6 read as the IPv4 address it carries; null for a name. */
export function parseIp(host: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  if (!ipaddr.isValid(host)) return null;
  return ipaddr.process(host);
}

/** True for public unicast addresses only: not loopback, private, link-local, CGNAT, multicast, reserved… */
export function isPublicAddress(ip: string): boolean {
  const addr = parseIp(ip);
  return addr !== null && addr.range() === "unicast";
}

/** A host that is an address the server may not call, or a name that always means this machine. */
export function isPrivateHost(hostname: string): boolean {
  const host = bareHost(hostname).toLowerCase().replace(/\.$/, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const addr = parseIp(host);
  return addr !== null && addr.range() !== "unicast";
}
