import { z } from "zod";
import { ENVIRONMENTS, KEY_TYPES } from "@/lib/api-keys/kinds";
import { objectId } from "@/lib/validations/api/common";
import { KEY_SECURITY, component, curlSample, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

export function registerMetaPaths(registry: OpenAPIRegistry) {
  const WhoAmI = component("WhoAmI",
    z.object({
      object: z.literal("api_key"),
      id: objectId("key"),
      merchant: objectId("mer"),
      type: z.enum(KEY_TYPES),
      environment: z.enum(ENVIRONMENTS),
      permissions: z.array(z.string().max(64)).max(100),
    }),
  );
  registry.registerPath({
    method: "get",
    path: "/api/v1/whoami",
    operationId: "whoami",
    tags: ["Meta"],
    summary: "Describe the presented key",
    description: "The key's id, merchant, type, environment and permissions. Any valid key may call it, publishable ones included.",
    security: KEY_SECURITY,
    responses: { 200: jsonResponse("The key", WhoAmI), ...problemResponses(401, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: "/api/v1/whoami" }),
  });
  registry.registerPath({
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "openapi",
    tags: ["Meta"],
    summary: "This OpenAPI document",
    security: [],
    responses: {
      200: jsonResponse("The OpenAPI 3.1 document", z.record(z.string(), z.unknown())),
      ...problemResponses(429),
    },
    "x-codeSamples": curlSample({ method: "GET", path: "/api/v1/openapi.json", auth: false }),
  });
}
