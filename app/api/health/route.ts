export const dynamic = "force-dynamic";

/** Liveness: the process answers. No database, no authentication: probes call it often. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
