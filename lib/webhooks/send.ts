import "server-only";
import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { bareHost, isPrivateHost, isPublicAddress, parseIp } from "./address";

/**
 * One HTTP POST to a webhook endpoint: at most 10 seconds in all, no
 * redirects followed (a 3xx is a failed attempt), and only the first bytes of
 * the answer kept. The address is checked when the connection is made, after
 * DNS resolution, so a name that resolves to a private address (or starts
 * to, between the check and the request) is refused too.
 */
export const TIMEOUT_MS = 10_000;
export const RESPONSE_BYTES_KEPT = 1024;

export type SendResult = { statusCode: number | null; error: string | null; body: string; durationMs: number };

class RefusedAddressError extends Error {
  constructor(address: string) {
    super(`refused: ${address} is a private or loopback address`);
    this.name = "RefusedAddressError";
  }
}

/** A DNS lookup that fails for any answer the server may not call. */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, "", 0);
      const bad = allowPrivate ? undefined : addresses.find((a) => !isPublicAddress(a.address));
      if (bad || addresses.length === 0) return callback(new RefusedAddressError(bad?.address ?? hostname), "", 0);
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

export function postWebhook(
  url: string,
  payload: string,
  headers: Record<string, string>,
  options: { allowPrivate: boolean; timeoutMs?: number },
): Promise<SendResult> {
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null, body = ""): SendResult => ({
    statusCode,
    error,
    body,
    durationMs: Math.round(performance.now() - started),
  });
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      return resolve(done(null, "invalid URL"));
    }
    const host = bareHost(target.hostname);
    // Literal addresses skip DNS (and so the lookup guard): check them here.
    if (!options.allowPrivate && (isPrivateHost(host) || (parseIp(host) !== null && !isPublicAddress(host)))) {
      return resolve(done(null, `refused: ${host} is a private or loopback address`));
    }
    const client = target.protocol === "https:" ? https : http;
    let settled = false;
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = client.request(
      target,
      {
        method: "POST",
        headers: { "content-type": "application/json", "user-agent": "Keyward-Webhooks/1.0", ...headers, "content-length": Buffer.byteLength(payload) },
        lookup: guardedLookup(options.allowPrivate),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const complete = () => finish(done(res.statusCode ?? null, null, Buffer.concat(chunks).toString("utf8").slice(0, RESPONSE_BYTES_KEPT)));
        res.on("data", (chunk: Buffer) => {
          if (size < RESPONSE_BYTES_KEPT) chunks.push(chunk.subarray(0, RESPONSE_BYTES_KEPT - size));
          size += chunk.length;
          if (size >= RESPONSE_BYTES_KEPT) {
            complete();
            res.destroy();
          }
        });
        res.on("end", complete);
        res.on("error", complete);
      },
    );
    const timer = setTimeout(() => {
      finish(done(null, `timed out after ${(options.timeoutMs ?? TIMEOUT_MS) / 1000} s`));
      req.destroy();
    }, options.timeoutMs ?? TIMEOUT_MS);
    req.on("error", (err: NodeJS.ErrnoException) => {
      finish(done(null, err instanceof RefusedAddressError ? err.message : describeError(err)));
    });
    req.end(payload);
  });
}

function describeError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "could not resolve the host name";
    case "ECONNREFUSED":
      return "connection refused";
    case "ECONNRESET":
      return "connection reset";
    default:
      return err.code ? `connection failed (${err.code})` : "connection failed";
  }
}
