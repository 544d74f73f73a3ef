import { resolveMerchantActor } from "@/lib/auth/session";
import { getKeyTrafficSummary } from "@/lib/api-keys/usage-queries";
import { STATUS_FOR_CODE } from "@/lib/http/problem";
import { isServiceError } from "@/lib/errors";

function json(status: number, body: unknown): Response {
  return Response.json(body, { status, headers: { "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}

/**
 * A key's last 24 hours of traffic, read by the regenerate and revoke dialogs.
 * A GET route rather than a server action: it only reads, and reads should not
 * queue behind the page's mutations. Route handlers check the session themselves.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ keyId: string }> }): Promise<Response> {
  const resolved = await resolveMerchantActor();
  if (!resolved.ok) return json(401, { error: "Your session has ended. Sign in again." });
  try {
    return json(200, await getKeyTrafficSummary(resolved.actor, (await params).keyId));
  } catch (err) {
    if (isServiceError(err)) return json(STATUS_FOR_CODE[err.code] ?? 400, { error: err.message });
    throw err;
  }
}
