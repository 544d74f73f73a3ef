/**
 * Expected failures of the domain services. Boundaries map them: server
 * actions to `{ ok: false, error }`, route handlers to problem+json.
 */
export type ServiceErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation"
  | "gone"
  | "rate_limited"
  // A sensitive change needs the password or a second factor confirmed within the last few minutes.
  | "step_up_required";

export type FieldErrors = Record<string, string[]>;

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}

export const notFound = (what = "Not found") => new ServiceError("not_found", what);
export const forbidden = (why = "You do not have permission to do that") => new ServiceError("forbidden", why);
export const conflict = (why: string) => new ServiceError("conflict", why);

export function isServiceError(err: unknown): err is ServiceError {
  return err instanceof ServiceError;
}

/** Turns zod issues into a field → messages map. */
export function zodFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  // Field names come from the request (an unknown field "constructor" or
  // "__proto__"): collected in a Map so they never resolve to Object's own
  // properties; Object.fromEntries then defines them as plain own properties
  // (a plain object, as server actions must return to the browser).
  const out = new Map<string, string[]>();
  for (const issue of issues) {
    const key = issue.path.map(String).join(".") || "_";
    out.set(key, [...(out.get(key) ?? []), issue.message]);
  }
  return Object.fromEntries(out);
}
