import "server-only";
import type { z } from "zod";
import { zodFieldErrors } from "@/lib/errors";
import { ApiError } from "./problem";

/** Request bodies are small JSON objects; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Request bodies are flat objects a few levels deep. Anything nested deeper is
 * refused before any code walks it recursively (idempotency fingerprints,
 * validation), where a 30,000-deep array would overflow the stack.
 */
export const MAX_JSON_DEPTH = 32;

export type RawBody = { text: string; value: unknown };

/** How deeply a parsed JSON value nests, counted without recursion and stopping past `limit`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== "object") continue;
    const level = depth + 1;
    if (level > max) max = level;
    if (max > limit) return max;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === "object") stack.push([child, level]);
    }
  }
  return max;
}

function isJsonContentType(value: string | null): boolean {
  if (!value) return false;
  const type = value.split(";")[0]!.trim().toLowerCase();
  return type === "application/json" || (type.startsWith("application/") && type.endsWith("+json"));
}

/**
 * Reads a JSON body with a hard size cap: the declared Content-Length is
 * checked first, then the bytes actually received (a chunked or lying client
 * is cut off at the cap). An empty body reads as `{}`, so endpoints whose
 * fields are all optional need no body at all.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<RawBody> {
  const declared = request.headers.get("content-length");
  if (declared && Number(declared) > maxBytes) {
    throw new ApiError(413, `Request bodies are limited to ${maxBytes} bytes.`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        throw new ApiError(413, `Request bodies are limited to ${maxBytes} bytes.`);
      }
      chunks.push(value);
    }
  }
  if (size === 0) return { text: "", value: {} };
  if (!isJsonContentType(request.headers.get("content-type"))) {
    throw new ApiError(415, "Send the request body as JSON with Content-Type: application/json.");
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiError(400, "The request body is not valid UTF-8.");
  }
  let value: unknown;
  try {
    // V8 parses iteratively, so even absurd nesting parses; it is refused just below.
    // A "__proto__" key becomes an own property here (never the prototype).
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, "The request body is not valid JSON.");
  }
  if (jsonDepth(value) > MAX_JSON_DEPTH) {
    throw new ApiError(400, `The request body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
  return { text, value };
}

/** Validates parsed input against an API schema: 422 with the fields at fault. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what = "Some fields are invalid"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  // An unknown field is reported under its own name rather than its parent's.
  const issues = result.error.issues.flatMap((issue) =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [...issue.path, key], message: issue.message }))
      : [issue],
  );
  throw new ApiError(422, what, zodFieldErrors(issues));
}

/** Query-string parameters as a plain object (the last value wins). */
export function queryObject(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams.entries());
}
