import { now } from "@/lib/clock";
import { ServiceError } from "@/lib/errors";
import { publicApiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { problemResponse } from "@/lib/http/problem";
import { leakReportBatch, type LeakReportResult } from "@/lib/validations/leaked-keys";
import { ScannerSecretsError, scannerSecrets } from "@/lib/leaked-keys/scanner-secrets";
import { processLeakReports } from "@/lib/leaked-keys/service";
import { SIGNATURE_HEADER, verifySignature, type ScannerSecret, type SignatureCheck } from "@/lib/leaked-keys/signature";
import { logger } from "@/lib/log/logger.mjs";

export const dynamic = "force-dynamic";

/**
 * Every processed batch answers no sooner than this, so the response time
 * says little about what happened to each token (revoked now, recorded, or
 * nothing to do) beyond what its label says.
 */
const MIN_RESPONSE_MS = 300;

const NOT_ENABLED = "Leak reports are not accepted: no secret scanner is configured on this server.";

const SIGNATURE_FAILURES: Record<Exclude<SignatureCheck, { ok: true }>["reason"], string> = {
  missing: "Sign the request: the Keyward-Signature header is missing.",
  malformed: "The Keyward-Signature header must read t=<unix seconds>,v1=<hex HMAC-SHA-256>.",
  mismatch: "The Keyward-Signature does not match the body under any configured scanner secret.",
  stale: "The Keyward-Signature timestamp is more than 5 minutes away from the server's clock.",
};

async function pace(startedAt: number): Promise<void> {
  const remaining = MIN_RESPONSE_MS - (performance.now() - startedAt);
  if (remaining > 0) await new Promise((resolve) => setTimeout(resolve, remaining));
}

/**
 * Leak reports from secret scanners (GitHub secret-scanning partner format).
 * No API key: the reporter signs the raw body with its scanner secret. With
 * no scanner secret configured the endpoint refuses everything (503) rather
 * than accept unsigned reports: an open endpoint would let anyone write
 * URLs of their choosing into a merchant's audit log (phishing through the
 * dashboard's alerts) and probe which tokens are live keys.
 */
export const POST = publicApiRoute(async ({ request, body }) => {
  const startedAt = performance.now();
  let secrets: ScannerSecret[];
  try {
    secrets = scannerSecrets();
  } catch (err) {
    if (!(err instanceof ScannerSecretsError)) throw err;
    logger.error({ error: err.name }, err.message);
    secrets = [];
  }
  if (secrets.length === 0) return problemResponse(503, NOT_ENABLED, {
      extra: { type: "https://keyward.dev/problems/service-unavailable", title: "Service unavailable" },
    });

  const check = verifySignature(request.headers.get(SIGNATURE_HEADER), await request.text(), secrets, now());
  if (!check.ok) throw new ServiceError("unauthorized", SIGNATURE_FAILURES[check.reason]);

  const reports = validate(leakReportBatch, body, "Some reports are invalid");
  const results = await processLeakReports(reports, check.reporter);
  await pace(startedAt);
  return Response.json(results.map(({ token_hash, token_type, label }): LeakReportResult => ({ token_hash, token_type, label })));
});
