import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { rotateCredential } from "@/lib/credentials/service";
import { providerFromPath, rotateApiKeyBody, serializeCredential, toRotateInput } from "@/lib/validations/api/applications";

export const dynamic = "force-dynamic";

/** Rotates the provider's stored key: `{ "apiKey": "…" }`. Answers with the new mask only. */
export const PATCH = apiRoute<{ applicationId: string; providerName: string }>(
  { scope: ["applications", "write"] },
  async ({ actor, params, body }) => {
    const provider = providerFromPath(params.providerName);
    const input = toRotateInput(validate(rotateApiKeyBody, body));
    return Response.json(serializeCredential(await rotateCredential(actor, params.applicationId, provider, input)));
  },
);
