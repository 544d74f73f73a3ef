import { alignUsageRange, getKeyUsage } from "@/lib/api-keys/usage-queries";
import { now } from "@/lib/clock";
import { apiRoute } from "@/lib/http/api-route";
import { queryObject, validate } from "@/lib/http/body";
import { keyUsageQuery, serializeKeyUsage } from "@/lib/validations/api/usage";

export const dynamic = "force-dynamic";

/** The key's successful requests per hour or per day: the counts the key page charts. */
export const GET = apiRoute<{ id: string }>({ scope: ["api_keys", "read"] }, async ({ actor, params, request }) => {
  const q = validate(keyUsageQuery, queryObject(request));
  const range = alignUsageRange(
    q.granularity ?? "day",
    q.from === undefined ? undefined : new Date(q.from),
    q.to === undefined ? undefined : new Date(q.to),
    now(),
  );
  return Response.json(serializeKeyUsage(await getKeyUsage(actor, params.id, range)));
});
