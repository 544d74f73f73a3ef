import { apiRoute } from "@/lib/http/api-route";
import { validate } from "@/lib/http/body";
import { deleteApplication, getApplication, updateApplication } from "@/lib/applications/service";
import { serializeApplication, updateApplicationBody } from "@/lib/validations/api/applications";

export const dynamic = "force-dynamic";

type Params = { applicationId: string };

export const GET = apiRoute<Params>({ scope: ["applications", "read"] }, async ({ actor, params }) => {
  return Response.json(serializeApplication(await getApplication(actor, params.applicationId)));
});

/** Renames an application or changes its description. */
export const PATCH = apiRoute<Params>({ scope: ["applications", "write"] }, async ({ actor, params, body }) => {
  const changes = validate(updateApplicationBody, body);
  return Response.json(serializeApplication(await updateApplication(actor, params.applicationId, changes)));
});

/** Deletes an application and all of its provider credentials. */
export const DELETE = apiRoute<Params>({ scope: ["applications", "write"] }, async ({ actor, params }) => {
  const deleted = await deleteApplication(actor, params.applicationId);
  return Response.json({ id: deleted.id, object: "application", deleted: true, removed_providers: deleted.removedProviders });
});
