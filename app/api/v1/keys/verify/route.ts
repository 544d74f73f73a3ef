import { clientIp } from "@/lib/api-keys/authenticate";
import { gatewayResponseParts, MAX_VERIFY_BODY_BYTES, verifyForGateway } from "@/lib/gateway/verify";
import { problemBody } from "@/lib/http/problem";
import { strictTransportSecurity } from "@/lib/http/security-headers";

export const dynamic = "force-dynamic";

/** Reads at most MAX_VERIFY_BODY_BYTES; null when the body is larger. */
async function cappedText(request: Request): Promise<string | null> {
  if (Number(request.headers.get("content-length") ?? 0) > MAX_VERIFY_BODY_BYTES) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_VERIFY_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Gateway verification of an API key, for the operator's services holding a
 * verifier token. The production server answers this path itself, ahead of
 * Next.js (lib/gateway/node-handler.ts); this route serves it in development
 * and anywhere the server is not in front. Both call verifyForGateway.
 */
export async function POST(request: Request): Promise<Response> {
  const hsts = strictTransportSecurity(request.headers);
  try {
    const result = await verifyForGateway({
      authorization: request.headers.get("authorization"),
      contentType: request.headers.get("content-type"),
      body: await cappedText(request),
      peerIp: clientIp(request.headers),
    });
    const { status, headers, body } = gatewayResponseParts(result, hsts);
    return new Response(body, { status, headers });
  } catch (err) {
    console.error("keyward: key verification failed:", err instanceof Error ? err.name : "unknown error");
    const { headers, body } = gatewayResponseParts({ status: 500, problem: problemBody(500, "Something went wrong on our side.") }, hsts);
    return new Response(body, { status: 500, headers });
  }
}
