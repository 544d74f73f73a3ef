import { publicApiRoute } from "@/lib/http/api-route";
import { buildOpenApiDocument } from "@/lib/openapi/document";

export const dynamic = "force-dynamic";

/** The OpenAPI 3.1 document of this API (public: it holds no data). */
export const GET = publicApiRoute(async () => Response.json(buildOpenApiDocument()));
