/**
 * The request examples of the OpenAPI document: shown by the API reference
 * and sent by the curl samples. Each must work as written against a fresh
 * merchant (tests/http/openapi-examples.test.ts sends every one of them), so
 * nothing here may name an object that does not exist, a date that will
 * pass, or a credential in the wrong format. Ids in paths and the refresh
 * token stand for the caller's own.
 */

export const EXAMPLE_KEY_ID = "key_4eC39HqLyjWDarjtT1zd";
export const EXAMPLE_APPLICATION_ID = "app_8Jd2kQm4TzX0aLp7Wc1N";

export const createApiKeyExample = {
  name: "CI deploy",
  type: "restricted",
  environment: "test",
  permissions: ["api_keys:read"],
  expires_at: "never",
};

export const updateApiKeyExample = {
  name: "CI deploy (rolled)",
  metadata: { team: "payments" },
  allowed_ips: ["203.0.113.0/24", "2001:db8::/32"],
};

export const regenerateApiKeyExample = { expire_previous_in: 3600 };

/** A refresh token as issued (this one is made up: send your own). */
export const refreshApiKeyExample = { token: "rt_test_Xb7kP2mQ9vL4sT8wN1cR6yH3jF5gD0aZeUiOpAsDf" };

export const createApplicationExample = { name: "Web checkout", description: "Storefront payments", environment: "test" };

export const updateApplicationExample = { name: "Web checkout (EU)" };

/** For PUT …/providers/adyen on a test application. */
export const configureAdyenExample = {
  api_key: "AQEyhmfxK4zJbBZDw0m/n3Q5qf3VaY9UCJ14XWZE03G/k2NFitRvbe4N1XqH1eHaH2AksaEQ1MXQwV1bDb7kfNy1WIxIIkxgBw==-uD7k",
  merchant_account: "AcmeECOM",
};

/** For PATCH …/providers/stripe/api-key on a test application with Stripe configured. */
export const rotateStripeKeyExample = { apiKey: "sk_test_51H8x2mQ9vL4sT8wN1cR6yH3jF5gD0aZe" };

/** A report of a string that is not one of this server's keys: answered false_positive. */
export const leakReportExample = [
  {
    token: "sk_live_00000000000000000000000000000000000000000000",
    type: "keyward_secret_key",
    url: "https://github.com/octocat/hello-world/blob/main/config.js",
    source: "content",
  },
];

/** A key as a gateway received it (made up here: it answers valid false, not_found). */
export const verifyKeyExample = {
  key: "rk_live_0000000000000000000000000000000000000000000000",
  permissions: ["charges:write"],
  ip: "203.0.113.7",
};
export const EXAMPLE_WEBHOOK_ENDPOINT_ID = "we_3kTq8ZpR2mXv7LcN0bWd";
export const EXAMPLE_WEBHOOK_DELIVERY_ID = "whd_9QmT2xLp7VbN4cKz1RsW";

/** The endpoint is created in the key's own environment. */
export const createWebhookEndpointExample = {
  url: "https://hooks.example.com/keyward",
  description: "Alerts to the on-call channel",
  event_types: ["api_key.revoked", "api_key.leaked", "api_key.expiring"],
};

export const updateWebhookEndpointExample = { event_types: ["api_key.revoked", "api_key.leaked", "api_key.used_from_new_ip"], enabled: true };

export const rollWebhookSecretExample = { expire_previous_in: 3600 };
