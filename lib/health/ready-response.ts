import "server-only";
import { DATABASE_RETRY_AFTER_SECONDS } from "@/lib/db/unavailable";
import { problemResponse } from "@/lib/http/problem";
import { readiness } from "./checks";

/**
 * 200 with the checks when this instance can serve; otherwise 503
 * problem+json with Retry-After (and the same checks), which load balancers
 * read as "take it out of rotation for now".
 */
export async function readinessResponse(): Promise<Response> {
  const result = await readiness();
  if (result.status === "ready") return Response.json(result, { headers: { "cache-control": "no-store" } });
  const detail =
    result.checks.database.status === "down"
      ? "This instance cannot reach its database."
      : "This instance's database lacks migrations of this version: run npm run db:migrate.";
  return problemResponse(503, detail, {
    headers: { "retry-after": String(DATABASE_RETRY_AFTER_SECONDS) },
    extra: { checks: result.checks },
  });
}
