import "server-only";
import { assertSameOrigin } from "@/lib/auth/request-context";
import { isServiceError, type FieldErrors } from "@/lib/errors";
import { STATUS_FOR_CODE } from "@/lib/http/problem";
import { errorFields, logger } from "@/lib/log/logger.mjs";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: FieldErrors; code?: string };

/** Who is calling, or why nobody acceptable is. */
export type Resolved<C> = { ok: true; caller: C } | { ok: false; error: string; code: "unauthorized" | "forbidden" };

export type Resolver<C> = () => Promise<Resolved<C>>;

const GENERIC_FAILURE = "Something went wrong. Nothing was changed; try again.";

/**
 * The base of every server-action wrapper (merchantAction, userAction,
 * staffAction): refuse foreign origins, resolve the caller afresh on every
 * call, then run, turning expected service failures into a typed result.
 * Unexpected errors are logged without details and answered generically.
 * A wrapper is this plus its resolver.
 */
export function actionBoundary<C>(resolve: Resolver<C>, what: string) {
  return async function run<T>(body: (caller: C) => Promise<T>): Promise<ActionResult<T>> {
    if (!(await assertSameOrigin())) return { ok: false, error: "Request refused: unknown origin", code: "forbidden" };
    const resolved = await resolve();
    if (!resolved.ok) return { ok: false, error: resolved.error, code: resolved.code };
    try {
      return { ok: true, data: await body(resolved.caller) };
    } catch (err) {
      if (isServiceError(err)) return { ok: false, error: err.message, fieldErrors: err.fieldErrors, code: err.code };
      logger.error(errorFields(err), `${what} failed`);
      return { ok: false, error: GENERIC_FAILURE };
    }
  };
}

/**
 * The same for dashboard route handlers (GET reads the pages fetch): the
 * caller resolved from the session, service failures answered with their
 * status and message as JSON (or by `onError`), anything else rethrown.
 */
export function routeBoundary<C>(resolve: Resolver<C>) {
  return function handle<A extends unknown[]>(
    body: (caller: C, ...args: A) => Promise<Response>,
    respond: (status: number, message: string) => Response = jsonError,
  ) {
    return async (...args: A): Promise<Response> => {
      const resolved = await resolve();
      if (!resolved.ok) return respond(resolved.code === "unauthorized" ? 401 : 403, resolved.error);
      try {
        return await body(resolved.caller, ...args);
      } catch (err) {
        if (isServiceError(err)) return respond(STATUS_FOR_CODE[err.code] ?? 400, err.message);
        throw err;
      }
    };
  };
}

function jsonError(status: number, message: string): Response {
  return Response.json({ error: message }, { status, headers: { "cache-control": "no-store", "x-content-type-options": "nosniff" } });
}
