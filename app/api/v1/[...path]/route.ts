import { publicApiRoute } from "@/lib/http/api-route";
import { problemResponse } from "@/lib/http/problem";

export const dynamic = "force-dynamic";

/** Unknown /api/v1 paths answer problem+json like every other API error. */
const notFound = publicApiRoute<{ path: string[] }>(
  async () => problemResponse(404, "No such endpoint. See /api/v1/openapi.json."),
  { readBody: false },
);

export const GET = notFound;
export const POST = notFound;
export const PATCH = notFound;
export const PUT = notFound;
export const DELETE = notFound;
