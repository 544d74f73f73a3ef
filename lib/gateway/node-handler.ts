import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { clientIp } from "@/lib/api-keys/authenticate";
import { strictTransportSecurity, type HeaderReader } from "@/lib/http/security-headers";
import { problemBody } from "@/lib/http/problem";
import { gatewayResponseParts, MAX_VERIFY_BODY_BYTES, VERIFY_PATH, verifyForGateway } from "./verify";

/**
 * The production server's entry for POST /api/v1/keys/verify, answered
 * before the request reaches Next.js (whose per-request pipeline costs more
 * than the verification itself). Bundled at build time into the build
 * directory (scripts/build-gateway.mjs) and loaded by scripts/serve.mjs.
 */
export function isGatewayRequest(req: IncomingMessage): boolean {
  return req.method === "POST" && (req.url === VERIFY_PATH || req.url?.startsWith(`${VERIFY_PATH}?`) === true);
}

function headerReader(req: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** Reads at most MAX_VERIFY_BODY_BYTES; a larger body is drained and reported as null. */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_VERIFY_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > MAX_VERIFY_BODY_BYTES ? null : Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export async function handleGatewayRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers = headerReader(req);
  try {
    const result = await verifyForGateway({
      authorization: headers.get("authorization"),
      contentType: headers.get("content-type"),
      body: await readBody(req),
      peerIp: clientIp(headers),
    });
    const { status, headers: out, body } = gatewayResponseParts(result, strictTransportSecurity(headers));
    out["content-length"] = String(Buffer.byteLength(body));
    res.writeHead(status, out).end(body);
  } catch (err) {
    console.error("keyward: key verification failed:", err instanceof Error ? err.name : "unknown error");
    if (res.headersSent) return void res.destroy();
    const { headers: out, body } = gatewayResponseParts(
      { status: 500, problem: problemBody(500, "Something went wrong on our side.") },
      null,
    );
    res.writeHead(500, out).end(body);
  }
}
