import { readinessResponse } from "@/lib/health/ready-response";

export const dynamic = "force-dynamic";

/** Readiness (also at /api/ready): 200 when this instance can serve, 503 problem+json with Retry-After otherwise. */
export function GET() {
  return readinessResponse();
}
