import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { createApplication, listApplications } from "@/lib/applications/service";
import {
  createApplicationBody,
  listApplicationsQuery,
  serializeApplication,
  serializeApplicationPage,
  toListQuery,
} from "@/lib/validations/api/applications";

export const dynamic = "force-dynamic";

/** The merchant's applications of the key's environment, newest first, with their providers masked. */
export const GET = apiRoute({ scope: ["applications", "read"] }, async ({ actor, request }) => {
  const query = validate(listApplicationsQuery, queryObject(request));
  return Response.json(serializeApplicationPage(await listApplications(actor, toListQuery(query))));
});

export const POST = apiRoute({ scope: ["applications", "write"] }, async ({ actor, body }) => {
  const app = await createApplication(actor, validate(createApplicationBody, body));
  return Response.json(serializeApplication(app), { status: 201, headers: { location: `/api/v1/applications/${app.id}` } });
});
