import type { Environment } from "@/lib/api-keys/format";

/**
 * The payment providers an application can hold credentials for. Each has
 * exactly one secret (sent and rotated as `apiKey`, encrypted at rest) and
 * zero or more public fields (stored as they are). Shared by the dashboard
 * forms, the server actions and the REST API; no server-only code here.
 */
export const PROVIDER_NAMES = ["stripe", "adyen", "braintree", "checkout", "paypal"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export function isProviderName(value: string): value is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(value);
}

/** Returns an error message, or null when the value is acceptable. */
type Check = (value: string, environment: Environment) => string | null;

export type PublicField = {
  name: string;
  label: string;
  hint: string;
  /** Whether the field must be filled in, per environment. */
  required: (environment: Environment) => boolean;
  /** A field that exists in one environment only. */
  onlyFor?: Environment;
  check: Check;
};

export type ProviderDefinition = {
  name: ProviderName;
  label: string;
  /** How the provider calls its secret (sent as `apiKey`). */
  secretLabel: string;
  secretHint: (environment: Environment) => string;
  checkSecret: Check;
  /** The recognisable, non-secret start of a secret (e.g. "sk_test_"), shown in its mask. */
  maskPrefix: (secret: string) => string;
  publicFields: PublicField[];
};

const ENV_WORD: Record<Environment, string> = { test: "test", live: "live" };

function pattern(re: RegExp, message: string): Check {
  return (value) => (re.test(value) ? null : message);
}

function prefixOf(re: RegExp): (secret: string) => string {
  return (secret) => re.exec(secret)?.[0] ?? "";
}

const stripeSecret: Check = (value, environment) => {
  const m = /^(sk|rk)_(test|live)_([0-9A-Za-z]+)$/.exec(value);
  if (!m) {
    if (/^pk_/.test(value)) return "This is a publishable key; paste the secret key (sk_…) or a restricted key (rk_…)";
    return "A Stripe secret key starts with sk_test_, sk_live_, rk_test_ or rk_live_";
  }
  if (m[2] !== environment) {
    return `This is a Stripe ${m[2]} key, but this is a ${ENV_WORD[environment]} application: use a ${m[1]}_${environment}_… key`;
  }
  if (m[3]!.length < 16 || m[3]!.length > 247) return "This Stripe key is too short or too long to be valid";
  return null;
};

const stripePublishable: Check = (value, environment) => {
  const m = /^pk_(test|live)_[0-9A-Za-z]{16,247}$/.exec(value);
  if (!m) return "A Stripe publishable key starts with pk_test_ or pk_live_";
  if (m[1] !== environment) return `This is a ${m[1]} publishable key, but this is a ${environment} application`;
  return null;
};

const checkoutSecret: Check = (value, environment) => {
  if (/^pk_/.test(value)) return "This is a public key; paste the secret key (sk_…)";
  const m = /^sk_(sbox_|test_)?([0-9A-Za-z_-]+)$/.exec(value);
  if (!m) return "A Checkout.com secret key starts with sk_ (sandbox keys with sk_sbox_)";
  const sandbox = Boolean(m[1]);
  if (environment === "live" && sandbox) return "This is a Checkout.com sandbox key, but this is a live application";
  if (environment === "test" && !sandbox) {
    return "This is a Checkout.com production key, but this is a test application: use a sandbox key (sk_sbox_…)";
  }
  if (m[2]!.length < 16 || m[2]!.length > 200) return "This Checkout.com key is too short or too long to be valid";
  return null;
};

const checkoutPublic: Check = (value, environment) => {
  const m = /^pk_(sbox_|test_)?[0-9A-Za-z_-]{16,200}$/.exec(value);
  if (!m) return "A Checkout.com public key starts with pk_ (sandbox keys with pk_sbox_)";
  if (environment === "live" && m[1]) return "This is a sandbox public key, but this is a live application";
  if (environment === "test" && !m[1]) return "This is a production public key, but this is a test application";
  return null;
};

export const PROVIDERS: Record<ProviderName, ProviderDefinition> = {
  stripe: {
    name: "stripe",
    label: "Stripe",
    secretLabel: "Secret key",
    secretHint: (env) => `Starts with sk_${env}_ (or rk_${env}_ for a restricted key)`,
    checkSecret: stripeSecret,
    maskPrefix: prefixOf(/^(sk|rk)_(test|live)_/),
    publicFields: [
      {
        name: "publishableKey",
        label: "Publishable key",
        hint: "Optional. Starts with pk_test_ or pk_live_",
        required: () => false,
        check: stripePublishable,
      },
    ],
  },
  adyen: {
    name: "adyen",
    label: "Adyen",
    secretLabel: "API key",
    secretHint: () => "The API key of your Adyen web service user",
    checkSecret: pattern(/^[A-Za-z0-9+/=_.-]{32,512}$/, "An Adyen API key is at least 32 characters of letters, digits and +/=_.-"),
    maskPrefix: prefixOf(/^AQE/),
    publicFields: [
      {
        name: "merchantAccount",
        label: "Merchant account",
        hint: "Your Adyen merchant account name",
        required: () => true,
        check: pattern(/^[A-Za-z0-9_-]{2,80}$/, "A merchant account name is 2–80 letters, digits, _ or -"),
      },
      {
        name: "liveUrlPrefix",
        label: "Live URL prefix",
        hint: "Live applications only, e.g. 1797a841fbb37ca7-AdyenDemo",
        required: (env) => env === "live",
        onlyFor: "live",
        check: pattern(/^[A-Za-z0-9-]{3,100}$/, "A live URL prefix is letters, digits and dashes"),
      },
    ],
  },
  braintree: {
    name: "braintree",
    label: "Braintree",
    secretLabel: "Private key",
    secretHint: () => "The private key of your Braintree API key pair",
    checkSecret: pattern(/^[0-9a-z]{16,64}$/, "A Braintree private key is 16–64 lowercase letters and digits"),
    maskPrefix: () => "",
    publicFields: [
      {
        name: "merchantId",
        label: "Merchant ID",
        hint: "Your Braintree merchant ID",
        required: () => true,
        check: pattern(/^[0-9a-z]{8,32}$/, "A Braintree merchant ID is 8–32 lowercase letters and digits"),
      },
      {
        name: "publicKey",
        label: "Public key",
        hint: "The public key of the same API key pair",
        required: () => true,
        check: pattern(/^[0-9a-z]{8,32}$/, "A Braintree public key is 8–32 lowercase letters and digits"),
      },
    ],
  },
  checkout: {
    name: "checkout",
    label: "Checkout.com",
    secretLabel: "Secret key",
    secretHint: (env) => (env === "test" ? "A sandbox secret key: starts with sk_sbox_" : "A production secret key: starts with sk_"),
    checkSecret: checkoutSecret,
    maskPrefix: prefixOf(/^sk_(sbox_|test_)?/),
    publicFields: [
      {
        name: "publicKey",
        label: "Public key",
        hint: "Optional. Starts with pk_ (sandbox: pk_sbox_)",
        required: () => false,
        check: checkoutPublic,
      },
    ],
  },
  paypal: {
    name: "paypal",
    label: "PayPal",
    secretLabel: "Client secret",
    secretHint: (env) => `The client secret of your ${env === "test" ? "sandbox" : "live"} REST app`,
    checkSecret: pattern(/^[A-Za-z0-9_-]{32,128}$/, "A PayPal client secret is 32–128 letters, digits, _ or -"),
    maskPrefix: () => "",
    publicFields: [
      {
        name: "clientId",
        label: "Client ID",
        hint: "The client ID of the same REST app",
        required: () => true,
        check: pattern(/^[A-Za-z0-9_-]{32,128}$/, "A PayPal client ID is 32–128 letters, digits, _ or -"),
      },
    ],
  },
};

export const PROVIDER_LIST: ProviderDefinition[] = PROVIDER_NAMES.map((n) => PROVIDERS[n]);

/**
 * What may be shown of a secret: its provider's recognisable prefix and its
 * last four characters, e.g. "sk_test_…4242".
 */
export function maskSecret(provider: ProviderName, secret: string): string {
  return `${PROVIDERS[provider].maskPrefix(secret)}…${secret.slice(-4)}`;
}
