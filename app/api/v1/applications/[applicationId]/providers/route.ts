import { apiRoute } from "@/lib/http/api-route";
import { listCredentials } from "@/lib/credentials/service";
import { serializeCredential } from "@/lib/validations/api/applications";

export const dynamic = "force-dynamic";

/** The application's configured providers, masked. */
export const GET = apiRoute<{ applicationId: string }>({ scope: ["applications", "read"] }, async ({ actor, params }) => {
  const credentials = await listCredentials(actor, params.applicationId);
  return Response.json({ object: "list", data: credentials.map(serializeCredential), has_more: false });
});
