import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * Reporter authentication for leak reports, in the style of Stripe's webhook
 * signatures:
 *
 *   Keyward-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256>
 *
 * where the HMAC is computed with the scanner's secret over
 * `<t>.<raw request body>`. Binding the timestamp into the MAC and refusing
 * timestamps more than TOLERANCE_SECONDS away from our clock limits the
 * replay of a captured request. Several v1 entries may be sent (a scanner
 * rotating its secret signs with both).
 */
export const SIGNATURE_HEADER = "keyward-signature";
export const TOLERANCE_SECONDS = 5 * 60;
const MAX_HEADER_LENGTH = 1024;
const MAX_SIGNATURES = 8;

export type ScannerSecret = { id: string; key: Buffer };

export type SignatureCheck =
  | { ok: true; reporter: string }
  | { ok: false; reason: "missing" | "malformed" | "mismatch" | "stale" };

export function computeSignature(key: Buffer, timestamp: number, rawBody: string): string {
  return createHmac("sha256", key).update(`${timestamp}.${rawBody}`, "utf8").digest("hex");
}

/** The header value a scanner sends: what tests and the documentation's example use. */
export function signatureHeader(key: Buffer, rawBody: string, at: Date = new Date()): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${computeSignature(key, t, rawBody)}`;
}

function parseHeader(header: string): { t: number; signatures: Buffer[] } | null {
  if (header.length > MAX_HEADER_LENGTH) return null;
  let t: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(",")) {
    const [name, value, ...rest] = part.trim().split("=");
    if (rest.length || !name || !value) return null;
    if (name === "t") {
      if (t !== null || !/^\d{1,12}$/.test(value)) return null;
      t = Number(value);
    } else if (name === "v1") {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return null;
      signatures.push(Buffer.from(value, "hex"));
    }
    // Other schemes (v0, future versions) are ignored, as Stripe does.
  }
  if (t === null || signatures.length === 0 || signatures.length > MAX_SIGNATURES) return null;
  return { t, signatures };
}

/**
 * Checks a Keyward-Signature header against every configured scanner secret
 * (constant-time comparisons, no early exit) and names the matching reporter.
 * The signature is checked before the timestamp, so "stale" is only ever said
 * to a caller who holds a secret (useful for debugging clock skew).
 */
export function verifySignature(
  header: string | null,
  rawBody: string,
  secrets: readonly ScannerSecret[],
  at: Date,
): SignatureCheck {
  if (!header) return { ok: false, reason: "missing" };
  const parsed = parseHeader(header);
  if (!parsed) return { ok: false, reason: "malformed" };
  let reporter: string | null = null;
  for (const secret of secrets) {
    const expected = Buffer.from(computeSignature(secret.key, parsed.t, rawBody), "hex");
    for (const candidate of parsed.signatures) {
      if (timingSafeEqual(expected, candidate) && reporter === null) reporter = secret.id;
    }
  }
  if (reporter === null) return { ok: false, reason: "mismatch" };
  if (Math.abs(Math.floor(at.getTime() / 1000) - parsed.t) > TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  return { ok: true, reporter };
}
