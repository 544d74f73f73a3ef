import "server-only";
import type { z } from "zod";
import { zodFieldErrors } from "@/lib/errors";
import { ApiError } from "./problem";

/** Request bodies are small JSON objects; anything larger is refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;

export type RawBody = { text: string; value: unknown };

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
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch {
    throw new ApiError(400, "The request body is not valid JSON.");
  }
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
