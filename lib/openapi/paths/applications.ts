import {
  applicationIdParams,
  applicationList,
  applicationObject,
  createApplicationBody,
  deletedApplicationObject,
  listApplicationsQuery,
  providerConfigurationBody,
  providerCredentialList,
  providerCredentialObject,
  providerParams,
  removedCredentialObject,
  rotateApiKeyBody,
  updateApplicationBody,
} from "@/lib/validations/api/applications";
import {
  EXAMPLE_APPLICATION_ID,
  configureAdyenExample,
  createApplicationExample,
  rotateStripeKeyExample,
  updateApplicationExample,
} from "../examples";
import { KEY_SECURITY, component, curlSample, idempotencyHeaders, jsonResponse, problemResponses, type OpenAPIRegistry } from "../registry";

const TAG = "Applications";

/** The applications endpoints: applications and their payment-provider credentials (masked, never returned). */
export function registerApplicationPaths(registry: OpenAPIRegistry): void {
  const Application = component("Application", applicationObject);
  const ApplicationList = component("ApplicationList", applicationList);
  const DeletedApplication = component("DeletedApplication", deletedApplicationObject);
  const ProviderCredential = component("ProviderCredential", providerCredentialObject);
  const ProviderCredentialList = component("ProviderCredentialList", providerCredentialList);
  const RemovedProviderCredential = component("RemovedProviderCredential", removedCredentialObject);
  const ProviderConfiguration = component("ProviderConfiguration", providerConfigurationBody);
  const id = EXAMPLE_APPLICATION_ID;
  const appPath = "/api/v1/applications/{applicationId}";
  const providerPath = `${appPath}/providers/{providerName}`;

  registry.registerPath({
    method: "get",
    path: "/api/v1/applications",
    operationId: "listApplications",
    tags: [TAG],
    summary: "List applications",
    description:
      "The merchant's applications of the key's environment, newest first, with cursor pagination and their configured providers (masked). Needs `applications:read`.",
    security: KEY_SECURITY,
    request: { query: listApplicationsQuery },
    responses: { 200: jsonResponse("A page of applications", ApplicationList), ...problemResponses(401, 403, 404, 422, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: "/api/v1/applications?limit=10" }),
  });

  registry.registerPath({
    method: "post",
    path: "/api/v1/applications",
    operationId: "createApplication",
    tags: [TAG],
    summary: "Create an application",
    description:
      "Creates an application in the key's environment (a test key cannot create a live application). Its environment is fixed: it accepts that environment's provider keys only. Needs `applications:write`.",
    security: KEY_SECURITY,
    request: {
      headers: idempotencyHeaders,
      body: { required: true, content: { "application/json": { schema: createApplicationBody, example: createApplicationExample } } },
    },
    responses: {
      201: jsonResponse("The new application", Application, {
        Location: { description: "The application's URL", schema: { type: "string", format: "uri-reference", maxLength: 64 } },
      }),
      ...problemResponses(400, 401, 403, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "POST",
      path: "/api/v1/applications",
      idempotent: true,
      body: createApplicationExample,
    }),
  });

  registry.registerPath({
    method: "get",
    path: appPath,
    operationId: "getApplication",
    tags: [TAG],
    summary: "Retrieve an application",
    security: KEY_SECURITY,
    request: { params: applicationIdParams },
    responses: { 200: jsonResponse("The application", Application), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `/api/v1/applications/${id}` }),
  });

  registry.registerPath({
    method: "patch",
    path: appPath,
    operationId: "updateApplication",
    tags: [TAG],
    summary: "Rename an application",
    description: "Changes the name or description. The environment cannot be changed (422).",
    security: KEY_SECURITY,
    request: {
      params: applicationIdParams,
      body: { required: true, content: { "application/json": { schema: updateApplicationBody, example: updateApplicationExample } } },
    },
    responses: {
      200: jsonResponse("The updated application", Application),
      ...problemResponses(400, 401, 403, 404, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({ method: "PATCH", path: `/api/v1/applications/${id}`, body: updateApplicationExample }),
  });

  registry.registerPath({
    method: "delete",
    path: appPath,
    operationId: "deleteApplication",
    tags: [TAG],
    summary: "Delete an application",
    description: "Deletes the application and all of its provider credentials, at once. Cannot be undone.",
    security: KEY_SECURITY,
    request: { params: applicationIdParams },
    responses: { 200: jsonResponse("The deleted application", DeletedApplication), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "DELETE", path: `/api/v1/applications/${id}` }),
  });

  registry.registerPath({
    method: "get",
    path: `${appPath}/providers`,
    operationId: "listApplicationProviders",
    tags: [TAG],
    summary: "List an application's providers",
    description: "The application's configured payment providers: mask (prefix and last four characters), public settings, who set the key and when, and when it was last rotated. Keys are never returned.",
    security: KEY_SECURITY,
    request: { params: applicationIdParams },
    responses: { 200: jsonResponse("The configured providers", ProviderCredentialList), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `/api/v1/applications/${id}/providers` }),
  });

  registry.registerPath({
    method: "get",
    path: providerPath,
    operationId: "getApplicationProvider",
    tags: [TAG],
    summary: "Retrieve a provider configuration",
    security: KEY_SECURITY,
    request: { params: providerParams },
    responses: { 200: jsonResponse("The provider configuration, masked", ProviderCredential), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "GET", path: `/api/v1/applications/${id}/providers/stripe` }),
  });

  registry.registerPath({
    method: "put",
    path: providerPath,
    operationId: "configureApplicationProvider",
    tags: [TAG],
    summary: "Add or replace a provider configuration",
    description:
      "Stores the provider's key (encrypted; never returned) and public settings. Answers 201 when added, 200 when it replaced an existing configuration (recorded as a rotation). Keys are checked per provider: e.g. a live application refuses a Stripe `sk_test_` key and a test application a `sk_live_` key (422).",
    security: KEY_SECURITY,
    request: {
      params: providerParams,
      body: { required: true, content: { "application/json": { schema: ProviderConfiguration, example: configureAdyenExample } } },
    },
    responses: {
      200: jsonResponse("The replaced configuration, masked", ProviderCredential),
      201: jsonResponse("The added configuration, masked", ProviderCredential),
      ...problemResponses(400, 401, 403, 404, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "PUT",
      path: `/api/v1/applications/${id}/providers/adyen`,
      body: configureAdyenExample,
    }),
  });

  registry.registerPath({
    method: "delete",
    path: providerPath,
    operationId: "removeApplicationProvider",
    tags: [TAG],
    summary: "Remove a provider configuration",
    description: "Deletes the stored key and settings. The key itself stays valid at the provider until revoked there.",
    security: KEY_SECURITY,
    request: { params: providerParams },
    responses: { 200: jsonResponse("The removed configuration", RemovedProviderCredential), ...problemResponses(401, 403, 404, 429) },
    "x-codeSamples": curlSample({ method: "DELETE", path: `/api/v1/applications/${id}/providers/stripe` }),
  });

  registry.registerPath({
    method: "patch",
    path: `${providerPath}/api-key`,
    operationId: "rotateApplicationProviderKey",
    tags: [TAG],
    summary: "Rotate a provider's key",
    description:
      "Replaces the stored key of a configured provider with `{\"apiKey\": \"…\"}` (`api_key` is accepted too). The old key is overwritten at once; the response shows the new mask and rotation time. 404 if the provider is not configured yet (add it with PUT).",
    security: KEY_SECURITY,
    request: {
      params: providerParams,
      body: { required: true, content: { "application/json": { schema: rotateApiKeyBody, example: rotateStripeKeyExample } } },
    },
    responses: {
      200: jsonResponse("The configuration with its new mask", ProviderCredential),
      ...problemResponses(400, 401, 403, 404, 413, 415, 422, 429),
    },
    "x-codeSamples": curlSample({
      method: "PATCH",
      path: `/api/v1/applications/${id}/providers/stripe/api-key`,
      body: rotateStripeKeyExample,
    }),
  });
}
