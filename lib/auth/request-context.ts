import "server-only";
import { headers } from "next/headers";
import { clientIp } from "@/lib/api-keys/authenticate";

export async function requestContext(): Promise<{ ip: string | null; userAgent: string | null }> {
  const h = await headers();
  return { ip: clientIp(h), userAgent: h.get("user-agent") };
}

/**
 * Server actions must come from our own pages. Next.js compares Origin and
 * Host too, but lets a request without Origin through; we refuse it, and a
 * `null` Origin, outright.
 */
export async function assertSameOrigin(): Promise<boolean> {
  const h = await headers();
  const origin = h.get("origin");
  if (!origin || origin === "null") return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const allowed = new Set<string>();
  const host = (process.env.TRUST_PROXY && h.get("x-forwarded-host")) || h.get("host");
  if (host) allowed.add(host);
  if (process.env.APP_URL) allowed.add(new URL(process.env.APP_URL).host);
  return allowed.has(originHost);
}
