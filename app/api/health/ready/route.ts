import { readiness } from "@/lib/health/checks";

export const dynamic = "force-dynamic";

/** Readiness: 200 when this instance can serve (its database answers), 503 otherwise. */
export async function GET() {
  const result = await readiness();
  return Response.json(result, { status: result.status === "ready" ? 200 : 503, headers: { "cache-control": "no-store" } });
}
