import { merchantRoute } from "@/lib/actions/merchant-action";
import { getKeyTrafficSummary } from "@/lib/api-keys/usage-queries";

/**
 * A key's last 24 hours of traffic, read by the roll and revoke dialogs.
 * A GET route rather than a server action: it only reads, and reads should not
 * queue behind the page's mutations. merchantRoute resolves the session here.
 */
export const GET = merchantRoute(async (actor, _request: Request, { params }: { params: Promise<{ keyId: string }> }) =>
  Response.json(await getKeyTrafficSummary(actor, (await params).keyId), {
    headers: { "cache-control": "no-store", "x-content-type-options": "nosniff" },
  }),
);
