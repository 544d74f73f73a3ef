import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { configureCredential, getCredential, removeCredential } from "@/lib/credentials/service";
import { providerConfigurationBodyFor, providerFromPath, serializeCredential, toCredentialInput } from "@/lib/validations/api/applications";

export const dynamic = "force-dynamic";

type Params = { applicationId: string; providerName: string };

export const GET = apiRoute<Params>({ scope: ["applications", "read"] }, async ({ actor, params }) => {
  return Response.json(serializeCredential(await getCredential(actor, params.applicationId, params.providerName)));
});

/** Adds the provider's configuration (201), or replaces it whole (200). */
export const PUT = apiRoute<Params>({ scope: ["applications", "write"] }, async ({ actor, params, body }) => {
  const provider = providerFromPath(params.providerName);
  const input = toCredentialInput(validate(providerConfigurationBodyFor(provider), body));
  const { credential, created } = await configureCredential(actor, params.applicationId, provider, input);
  return Response.json(serializeCredential(credential), { status: created ? 201 : 200 });
});

export const DELETE = apiRoute<Params>({ scope: ["applications", "write"] }, async ({ actor, params }) => {
  const removed = await removeCredential(actor, params.applicationId, params.providerName);
  return Response.json({ ...serializeCredential(removed), deleted: true });
});
