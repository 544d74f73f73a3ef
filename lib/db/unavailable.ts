/**
 * Whether an error means "the database cannot be reached right now" (refused,
 * dropped or timed-out connections, a server shutting down or starting up),
 * as opposed to a query that failed. Such a request is answered 503 with
 * Retry-After: retrying later will work, nothing about it was wrong.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections", "DatabaseAccessDenied"]);
// PostgreSQL: admin shutdown, crash shutdown, cannot connect now, too many connections; class 08 is connection exceptions.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const NODE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN"]);
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|Query read timeout|Can't reach database server|Connection ended unexpectedly/i;

function matches(value: unknown, depth: number): boolean {
  if (!value || typeof value !== "object" || depth > 5) return false;
  const v = value as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; meta?: unknown; cause?: unknown };
  const code = typeof v.code === "string" ? v.code : typeof v.originalCode === "string" ? v.originalCode : "";
  if (PRISMA_CODES.has(code) || SQLSTATES.has(code) || NODE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof v.originalCode === "string" && (SQLSTATES.has(v.originalCode) || /^08[0-9A-Z]{3}$/.test(v.originalCode))) return true;
  if (typeof v.kind === "string" && ADAPTER_KINDS.has(v.kind)) return true;
  if (typeof v.message === "string" && MESSAGES.test(v.message)) return true;
  const meta = v.meta as { driverAdapterError?: unknown } | undefined;
  return matches(meta?.driverAdapterError, depth + 1) || matches(v.cause, depth + 1);
}

export function isDatabaseUnavailable(err: unknown): boolean {
  return matches(err, 0);
}

/** Seconds a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Thrown where a page needs the database and could not reach it; the error page says so and retries. */
export class DatabaseUnavailableError extends Error {
  constructor() {
    super("The database is unavailable");
    this.name = "DatabaseUnavailableError";
  }
}
