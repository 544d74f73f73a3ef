import { authenticateApiKey, clientIp, presentedKey } from "@/lib/api-keys/authenticate";
import { unauthorizedResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

/** Who the presented key is: its id, merchant, type, environment and permissions. */
export async function GET(request: Request) {
  const actor = await authenticateApiKey(presentedKey(request.headers), {
    ip: clientIp(request.headers),
    userAgent: request.headers.get("user-agent"),
  });
  if (!actor) return unauthorizedResponse();
  return Response.json(
    {
      object: "api_key",
      id: actor.keyId,
      merchant: actor.merchantId,
      type: actor.keyType,
      environment: actor.environment,
      permissions: actor.scopes,
    },
    { headers: { "cache-control": "no-store" } },
  );
}
