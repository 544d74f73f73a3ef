import "server-only";
import type { ApiKeyActor } from "@/lib/auth/actor";
import { authenticateApiKey, clientIp, presentedKey } from "@/lib/api-keys/authenticate";
import { isServiceError } from "@/lib/errors";
import { hasScope, type Access, type Resource } from "@/lib/permissions";
import { STATUS_FOR_CODE, problemResponse, unauthorizedResponse } from "./problem";

export type ApiContext<P> = {
  actor: ApiKeyActor;
  request: Request;
  params: P;
};

export type ApiRouteOptions = {
  /** The scope the key must hold, e.g. ["api_keys", "write"]. */
  scope: [Resource, Access];
};

/**
 * Every /api/v1 handler goes through this: it authenticates the key itself
 * (never trusting middleware), refuses publishable keys, checks the scope,
 * and maps service errors to problem+json. Unexpected errors become a bare
 * 500 that reveals nothing.
 */
export function apiRoute<P = Record<string, never>>(
  options: ApiRouteOptions,
  handler: (ctx: ApiContext<P>) => Promise<Response>,
) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    try {
      const actor = await authenticateApiKey(presentedKey(request.headers), {
        ip: clientIp(request.headers),
        userAgent: request.headers.get("user-agent"),
      });
      if (!actor) return unauthorizedResponse();
      if (actor.keyType === "publishable") {
        return problemResponse(403, "Publishable keys cannot call this endpoint; use a secret or restricted key.");
      }
      const [resource, access] = options.scope;
      if (!hasScope(actor.scopes, resource, access)) {
        return problemResponse(403, `This key lacks the ${resource}:${access} permission.`);
      }
      return await handler({ actor, request, params: await route.params });
    } catch (err) {
      if (isServiceError(err)) {
        return problemResponse(STATUS_FOR_CODE[err.code], err.message, { fieldErrors: err.fieldErrors });
      }
      console.error("keyward: API handler failed:", err instanceof Error ? err.name : "unknown error");
      return problemResponse(500, "Something went wrong on our side. Nothing was changed.");
    }
  };
}
