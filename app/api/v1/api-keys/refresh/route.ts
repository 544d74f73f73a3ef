import { refreshApiKey, refreshTokenMerchant } from "@/lib/api-keys/refresh";
import { publicApiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { toUnix } from "@/lib/validations/api/common";
import { refreshBody, serializeApiKey } from "@/lib/validations/api/api-keys";

export const dynamic = "force-dynamic";

/**
 * Exchanges a refresh token for a new secret and a new refresh token. The
 * token in the body is the credential: no API key is needed.
 */
export const POST = publicApiRoute(async ({ request, body, ip, idempotentFor }) => {
  const { token } = validate(refreshBody, body);
  const merchantId = await refreshTokenMerchant(token);
  return idempotentFor(merchantId, async () => {
    const result = await refreshApiKey(token, { ip, userAgent: request.headers.get("user-agent") });
    return Response.json({
      object: "api_key_refresh",
      api_key: serializeApiKey(result.key),
      secret: result.secret,
      refresh_token: result.refreshToken,
      publishable_key: result.publishableKey,
      api_key_expires_at: toUnix(result.key.expiresAt),
      refresh_token_expires_at: toUnix(result.refreshTokenExpiresAt),
      previous_key: { id: result.previous.id, expires_at: toUnix(result.previous.expiresAt) },
    });
  });
});
