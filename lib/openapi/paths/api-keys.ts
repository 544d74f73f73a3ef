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
import { emptyBody } from "@/lib/validations/api/common";
import { keyUsageObject, keyUsageQuery } from "@/lib/validations/api/usage";
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
  const RolledApiKey = component("RolledApiKey", regeneratedApiKeyObject);
  const ApiKeyRefresh = component("ApiKeyRefresh", refreshResultObject);
  const ApiKeyList = component("ApiKeyList", apiKeyList);
  const KeyUsage = component("ApiKeyUsage", keyUsageObject);
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
    summary: "Roll an API key",
    description:
      "Rolls the key: creates a successor with a new secret (returned once) and the same name, permissions, metadata and IP allowlist. The old secret keeps working for `expire_previous_in` seconds (0 to 30 days), never past its own expiry. A restricted key may only roll restricted or publishable keys whose permissions it holds itself (403 otherwise).",
    security: KEY_SECURITY,
    request: {
      params: apiKeyIdParams,
      headers: idempotencyHeaders,
      body: { required: false, content: { "application/json": { schema: regenerateApiKeyBody, example: regenerateApiKeyExample } } },
    },
    responses: {
      200: jsonResponse("The successor with its secret, and when the old secret stops working", RolledApiKey),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "POST",
      path: `/api/v1/api-keys/${id}/regenerate`,
      idempotent: true,
      body: regenerateApiKeyExample,
    }),
  });

  const keyAction = (o: { path: string; operationId: string; summary: string; description: string; ok: string }) =>
    registry.registerPath({
      method: "post",
      path: `/api/v1/api-keys/{id}/${o.path}`,
      operationId: o.operationId,
      tags: [TAG],
      summary: o.summary,
      description: o.description,
      security: KEY_SECURITY,
      request: {
        params: apiKeyIdParams,
        headers: idempotencyHeaders,
        body: { required: false, content: { "application/json": { schema: emptyBody, example: {} } } },
      },
      responses: { 200: jsonResponse(o.ok, ApiKey), ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429) },
      "x-codeSamples": curlSample({ method: "POST", path: `/api/v1/api-keys/${id}/${o.path}`, idempotent: true }),
    });

  keyAction({
    path: "disable",
    operationId: "disableApiKey",
    summary: "Disable (pause) an API key",
    description:
      "Pauses the key: until it is enabled again, it is refused with the same 401 as any invalid key, and `status` is `disabled` with `disabled_at` set. Nothing else about the key changes. Idempotent. A revoked or expired key cannot be disabled (409). Needs `api_keys:write`; like revoking, a restricted key may only disable keys whose permissions it holds (never a secret key), and a key may disable itself.",
    ok: "The disabled key",
  });

  keyAction({
    path: "enable",
    operationId: "enableApiKey",
    summary: "Enable a disabled API key",
    description:
      "Lets a disabled key authenticate again. Idempotent: enabling a key that is not disabled answers 200 with the key unchanged. A revoked or expired key cannot be enabled (409). Needs `api_keys:write`; like editing, a restricted key may only enable keys whose permissions it holds, never a secret key.",
    ok: "The enabled key",
  });

  keyAction({
    path: "expire-now",
    operationId: "expireApiKeyNow",
    summary: "End a rolled key's grace period now",
    description:
      "Call it on the previous key (the one that was rolled, `replaced_by` set) once everything uses the new secret: the old secret stops working at once instead of at the end of its grace period (`expires_at` becomes now, `status` becomes `expired`). A key that is not in a grace period answers 409. Like revoking, a restricted key may only do this to keys whose permissions it holds.",
    ok: "The previous key, now expired",
  });

  registry.registerPath({
    method: "get",
    path: "/api/v1/api-keys/{id}/usage",
    operationId: "getApiKeyUsage",
    tags: [TAG],
    summary: "Retrieve an API key's usage",
    description:
      "Successful requests authenticated by the key, per hour or per UTC day (the counts the dashboard charts), oldest first, with zero for buckets without requests. Ranges are aligned to whole buckets and limited to 7 days of hours or 90 days of days (usage is kept for 90 days). Needs `api_keys:read`.",
    security: KEY_SECURITY,
    request: { params: apiKeyIdParams, query: keyUsageQuery },
    responses: { 200: jsonResponse("Requests per bucket", KeyUsage), ...problemResponses(401, 403, 404, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `/api/v1/api-keys/${id}/usage?granularity=hour&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z` }),
  });

  return { ApiKey: ApiKey as z.ZodType };
}
