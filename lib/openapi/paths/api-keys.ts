import { z } from "zod";
import {
  apiKeyIdParams,
  apiKeyList,
  apiKeyObject,
  createApiKeyBody,
  createdApiKeyObject,
  listApiKeysQuery,
  refreshBody,
  refreshResultObject,
  regenerateApiKeyBody,
  regeneratedApiKeyObject,
  updateApiKeyBody,
} from "@/lib/validations/api/api-keys";
import {
  EXAMPLE_KEY_ID,
  createApiKeyExample,
  refreshApiKeyExample,
  regenerateApiKeyExample,
  updateApiKeyExample,
} from "../examples";
import { KEY_SECURITY, component, curlSample, idempotencyHeaders, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

const TAG = "API keys";

export function registerApiKeyPaths(registry: OpenAPIRegistry) {
  const ApiKey = component("ApiKey", apiKeyObject);
  const CreatedApiKey = component("CreatedApiKey", createdApiKeyObject);
  const RegeneratedApiKey = component("RegeneratedApiKey", regeneratedApiKeyObject);
  const ApiKeyRefresh = component("ApiKeyRefresh", refreshResultObject);
  const ApiKeyList = component("ApiKeyList", apiKeyList);
  const id = EXAMPLE_KEY_ID;

  registry.registerPath({
    method: "post",
    path: "/api/v1/api-keys",
    operationId: "createApiKey",
    tags: [TAG],
    summary: "Create an API key",
    description:
      "Creates a key. The response holds its plaintext `secret`: the only time the API returns it. Needs `api_keys:write`; a key cannot grant permissions it does not hold itself, and only a secret key creates secret keys. `allowed_ips` limits where a secret or restricted key may be used from.",
    security: KEY_SECURITY,
    request: {
      headers: idempotencyHeaders,
      body: { required: true, content: { "application/json": { schema: createApiKeyBody, example: createApiKeyExample } } },
    },
    responses: {
      201: jsonResponse("The new key, with its secret", CreatedApiKey),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "POST",
      path: "/api/v1/api-keys",
      idempotent: true,
      body: createApiKeyExample,
    }),
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/api-keys",
    operationId: "listApiKeys",
    tags: [TAG],
    summary: "List API keys",
    description: "The merchant's keys, newest first, with cursor pagination. Never returns secrets. Needs `api_keys:read`.",
    security: KEY_SECURITY,
    request: { query: listApiKeysQuery },
    responses: { 200: jsonResponse("A page of keys", ApiKeyList), ...problemResponses(401, 403, 404, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: "/api/v1/api-keys?limit=10&status=active" }),
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/api-keys/refresh",
    operationId: "refreshApiKey",
    tags: [TAG],
    summary: "Refresh a refreshable key",
    description:
      "Exchanges a refresh token for a new secret and a new refresh token; no API key is needed. The old token is spent and the old secret keeps working for 5 minutes. Presenting a spent token again revokes the whole chain (every key and token issued from it) and records it in the audit log.",
    security: [],
    request: {
      headers: idempotencyHeaders,
      body: { required: true, content: { "application/json": { schema: refreshBody, example: refreshApiKeyExample } } },
    },
    responses: {
      200: jsonResponse("The new secret and refresh token", ApiKeyRefresh),
      ...problemResponses(400, 401, 409, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "POST",
      path: "/api/v1/api-keys/refresh",
      auth: false,
      idempotent: true,
      body: { token: "$KEYWARD_REFRESH_TOKEN" },
    }),
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/api-keys/{id}",
    operationId: "getApiKey",
    tags: [TAG],
    summary: "Retrieve an API key",
    security: KEY_SECURITY,
    request: { params: apiKeyIdParams },
    responses: { 200: jsonResponse("The key", ApiKey), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `/api/v1/api-keys/${id}` }),
  });

  registry.registerPath({
    method: "patch",
    path: "/api/v1/api-keys/{id}",
    operationId: "updateApiKey",
    tags: [TAG],
    summary: "Update an API key",
    description:
      "Changes name, description, permissions (restricted keys), expiry, metadata or the IP allowlist (`allowed_ips`, secret and restricted keys). A revoked key cannot be changed (409). A restricted key may only change keys whose permissions it holds, never a secret key, and cannot grant what it does not hold (403).",
    security: KEY_SECURITY,
    request: {
      params: apiKeyIdParams,
      body: { required: true, content: { "application/json": { schema: updateApiKeyBody, example: updateApiKeyExample } } },
    },
    responses: {
      200: jsonResponse("The updated key", ApiKey),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "PATCH",
      path: `/api/v1/api-keys/${id}`,
      body: updateApiKeyExample,
    }),
  });

  registry.registerPath({
    method: "delete",
    path: "/api/v1/api-keys/{id}",
    operationId: "revokeApiKey",
    tags: [TAG],
    summary: "Revoke an API key",
    description: "Revokes the key at once. Idempotent: revoking a revoked key answers 200 with the same key.",
    security: KEY_SECURITY,
    request: { params: apiKeyIdParams },
    responses: { 200: jsonResponse("The revoked key", ApiKey), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "DELETE", path: `/api/v1/api-keys/${id}` }),
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/api-keys/{id}/regenerate",
    operationId: "regenerateApiKey",
    tags: [TAG],
    summary: "Regenerate (roll) an API key",
    description:
      "Creates a successor with a new secret (returned once) and the same name, permissions, metadata and IP allowlist. The old secret keeps working for `expire_previous_in` seconds (0 to 30 days), never past its own expiry. A restricted key may only roll restricted or publishable keys whose permissions it holds itself (403 otherwise).",
    security: KEY_SECURITY,
    request: {
      params: apiKeyIdParams,
      headers: idempotencyHeaders,
      body: { required: false, content: { "application/json": { schema: regenerateApiKeyBody, example: regenerateApiKeyExample } } },
    },
    responses: {
      200: jsonResponse("The successor with its secret, and when the old secret stops working", RegeneratedApiKey),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "POST",
      path: `/api/v1/api-keys/${id}/regenerate`,
      idempotent: true,
      body: regenerateApiKeyExample,
    }),
  });

  return { ApiKey: ApiKey as z.ZodType };
}
