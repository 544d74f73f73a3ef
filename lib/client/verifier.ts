/**
 * A small typed client for POST /api/v1/keys/verify, for the operator's own
 * services (the payment API's servers). It depends on nothing but fetch, so
 * it can be copied into another codebase as is.
 *
 *   const keyward = new KeywardVerifier({ baseUrl: process.env.KEYWARD_URL!, token: process.env.KEYWARD_VERIFIER_TOKEN! });
 *   const result = await keyward.verify(presentedKey, { permissions: ["charges:write"], ip: clientIp });
 *   if (!result.valid) ... // result.code: not_found | forbidden_ip | insufficient_permissions | rate_limited
 */
/** A valid key (the API's VerifyKeyValid schema; tests check the two agree). */
export type VerifiedKey = {
  valid: true;
  code: "valid";
  key_id: string;
  merchant: string;
  type: "publishable" | "secret" | "restricted";
  environment: "test" | "live";
  permissions: string[];
  /** Unix seconds, or null for a key that does not expire. */
  expires_at: number | null;
  /** The key's own rate limit after this use; `reset` in seconds. */
  rate_limit: { limit: number; remaining: number; reset: number };
};

/** A refused key, and why (unknown, revoked, disabled and expired keys are all not_found). */
export type RefusedKey = { valid: false; code: "not_found" | "forbidden_ip" | "insufficient_permissions" | "rate_limited" };

export type VerifyKeyResult = VerifiedKey | RefusedKey;

export type KeywardVerifierOptions = {
  /** The Keyward instance, e.g. https://keys.example.com */
  baseUrl: string;
  /** A verifier token (kwv_…) from `npm run keys -- verifier-token`. */
  token: string;
  /** Abort a verification after this long (default 2 s): a gateway must not hang on its key service. */
  timeoutMs?: number;
  fetch?: typeof fetch;
};

/** Keyward refused the request itself (a wrong verifier token, a malformed body) or could not answer. */
export class KeywardVerifierError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly problem: { type?: string; title?: string; detail?: string } | null = null,
  ) {
    super(message);
    this.name = "KeywardVerifierError";
  }
}

export class KeywardVerifier {
  private readonly url: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly fetch: typeof fetch;

  constructor(options: KeywardVerifierOptions) {
    this.url = new URL("/api/v1/keys/verify", options.baseUrl).toString();
    this.authorization = `Bearer ${options.token}`;
    this.timeoutMs = options.timeoutMs ?? 2000;
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  /**
   * Whether the presented key is valid, for which merchant and with which
   * permissions. Counts as a use of the key (last use, `ip`, rate limit).
   * A refused key is a result (`valid: false`), not an error.
   */
  async verify(key: string, options: { permissions?: string[]; ip?: string } = {}): Promise<VerifyKeyResult> {
    let res: Response;
    try {
      res = await this.fetch(this.url, {
        method: "POST",
        headers: { authorization: this.authorization, "content-type": "application/json" },
        body: JSON.stringify({ key, ...options }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw new KeywardVerifierError(`Keyward did not answer: ${err instanceof Error ? err.message : String(err)}`, null);
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.status !== 200) {
      const problem = body && typeof body === "object" ? (body as { type?: string; title?: string; detail?: string }) : null;
      throw new KeywardVerifierError(problem?.detail ?? `Keyward answered ${res.status}`, res.status, problem);
    }
    return body as VerifyKeyResult;
  }
}
