import "server-only";
import { createHash } from "node:crypto";
import { db } from "@/lib/db";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { now } from "@/lib/clock";
import { newId } from "@/lib/ids";
import { MAX_JSON_DEPTH } from "@/lib/http/body";
import { ApiError } from "@/lib/http/problem";

/**
 * Idempotency-Key support for POST requests. The first request with a key
 * claims it by inserting a record; the unique index on (merchantId,
 * idempotencyKey) decides between concurrent duplicates, so the work runs at
 * most once. A successful (2xx) result is stored for 24 hours and replayed to
 * later requests with the same key and the same body. Failed requests release
 * the key, since they changed nothing and may be retried.
 *
 * A replay never repeats a secret: `secret` and `refresh_token` fields are
 * stored as null, and the body gains `"secret_already_returned": true`.
 */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
export const IDEMPOTENCY_HEADER = "idempotency-key";
const IN_PROGRESS = 0;
const KEY_PATTERN = /^[\x21-\x7e]{1,255}$/;
const SECRET_FIELDS = new Set(["secret", "refresh_token"]);

/** The Idempotency-Key header, if any; malformed keys are a 400. */
export function idempotencyKeyFrom(headers: Headers): string | null {
  const raw = headers.get(IDEMPOTENCY_HEADER);
  if (raw === null) return null;
  const key = raw.trim();
  if (!KEY_PATTERN.test(key)) {
    throw new ApiError(400, "Idempotency-Key must be 1 to 255 visible ASCII characters.");
  }
  return key;
}

/**
 * Bodies reach this through readJsonBody, which refuses deep nesting; the
 * depth guard here keeps any other caller from overflowing the stack.
 */
function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) throw new ApiError(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v, depth + 1)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** What makes two requests "the same": method, path and body (key order and whitespace aside). */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash("sha256").update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`).digest("hex");
}

/** Replaces every secret in a response body by null; reports whether there was one. */
export function redactSecrets(body: unknown): { body: unknown; redacted: boolean } {
  let redacted = false;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (value && typeof value === "object") {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (SECRET_FIELDS.has(k) && v !== null && v !== undefined) {
          out[k] = null;
          redacted = true;
        } else {
          out[k] = walk(v);
        }
      }
      return out;
    }
    return value;
  };
  const out = walk(body);
  if (redacted && out && typeof out === "object" && !Array.isArray(out)) {
    (out as Record<string, unknown>).secret_already_returned = true;
  }
  return { body: out, redacted };
}

export type IdempotentRequest = {
  merchantId: string;
  /** The API key making the request ("" for routes without one): keys never share records. */
  keyId: string;
  key: string;
  method: string;
  path: string;
  /** The parsed request body. */
  body: unknown;
};

type Claim = { kind: "claimed"; id: string } | { kind: "replay"; status: number; body: string };

async function claim(req: IdempotentRequest, fingerprint: string): Promise<Claim> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const at = now();
    const id = newId("idem");
    try {
      await db.idempotencyRecord.create({
        data: {
          id,
          merchantId: req.merchantId,
          keyId: req.keyId,
          idempotencyKey: req.key,
          method: req.method.toUpperCase(),
          path: req.path,
          requestHash: fingerprint,
          status: IN_PROGRESS,
          responseBody: "",
          createdAt: at,
          expiresAt: new Date(at.getTime() + IDEMPOTENCY_TTL_MS),
        },
      });
      return { kind: "claimed", id };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
    const existing = await db.idempotencyRecord.findUnique({
      where: { merchantId_keyId_idempotencyKey: { merchantId: req.merchantId, keyId: req.keyId, idempotencyKey: req.key } },
    });
    if (!existing) continue; // released meanwhile: claim again
    if (existing.expiresAt <= at) {
      await db.idempotencyRecord.deleteMany({ where: { id: existing.id, expiresAt: { lte: at } } });
      continue;
    }
    if (existing.requestHash !== fingerprint) {
      throw new ApiError(
        422,
        "This Idempotency-Key was already used with a different request. Use a new key for a new request.",
        { "Idempotency-Key": ["Already used with a different method, path or body"] },
      );
    }
    if (existing.status === IN_PROGRESS) {
      throw new ApiError(409, "A request with this Idempotency-Key is still being processed. Retry it shortly.");
    }
    return { kind: "replay", status: existing.status, body: existing.responseBody };
  }
  throw new ApiError(409, "This Idempotency-Key is in use by concurrent requests. Retry it shortly.");
}

async function release(id: string): Promise<void> {
  await db.idempotencyRecord.deleteMany({ where: { id, status: IN_PROGRESS } });
}

/** Runs `work` at most once per (merchant, API key, Idempotency-Key) within 24 hours. */
export async function runIdempotent(req: IdempotentRequest, work: () => Promise<Response>): Promise<Response> {
  const fingerprint = requestFingerprint(req.method, req.path, req.body);
  const claimed = await claim(req, fingerprint);
  if (claimed.kind === "replay") {
    return new Response(claimed.body, {
      status: claimed.status,
      headers: { "content-type": "application/json", "cache-control": "no-store", "idempotent-replayed": "true" },
    });
  }
  let response: Response;
  try {
    response = await work();
  } catch (err) {
    await release(claimed.id);
    throw err;
  }
  if (response.status < 200 || response.status >= 300) {
    await release(claimed.id);
    return response;
  }
  const text = await response.text();
  let stored = text;
  try {
    stored = JSON.stringify(redactSecrets(JSON.parse(text)).body);
  } catch {
    // Not JSON: nothing to redact.
  }
  await db.idempotencyRecord.update({ where: { id: claimed.id }, data: { status: response.status, responseBody: stored } });
  return new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/** Deletes records past their 24 hours. */
export async function purgeExpiredIdempotencyRecords(at = now()): Promise<number> {
  const { count } = await db.idempotencyRecord.deleteMany({ where: { expiresAt: { lte: at } } });
  return count;
}
