import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { KeyRound } from "lucide-react";
import { requireMerchantActor } from "@/lib/auth/session";
import { canDoKeyOperation, listApiKeys } from "@/lib/api-keys/service";
import { listApiKeysSchema } from "@/lib/validations/api-key";
import { getKeyInsights, hasInsights } from "@/lib/api-keys/insights";
import { withoutDismissed } from "@/lib/notifications/feed";
import { getKeysHourlyUsage, getRollTraffic } from "@/lib/api-keys/usage-queries";
import { RESOURCES, hiddenControlsNotice } from "@/lib/permissions";
import { LiveModeBand } from "@/components/live-mode-band";
import { RoleNotice } from "@/components/role-notice";
import { CreateKeyButton } from "./_components/create-key-dialog";
import { KeysToolbar } from "./_components/keys-toolbar";
import { KeysTable, type KeyRowPermissions } from "./_components/keys-table";
import { Pagination } from "./_components/pagination";
import { KeyInsightsBanner } from "./_components/key-insights-banner";

export const metadata: Metadata = { title: "API keys" };

type SearchParams = Record<string, string | string[] | undefined>;

export default async function KeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { actor } = await requireMerchantActor();
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  // Unknown filter values fall back to defaults instead of failing the page.
  // Searching looks through every key (revoked ones too) unless a status is chosen.
  const parsed = listApiKeysSchema.safeParse({
    environment: first(raw.environment),
    status: first(raw.status) ?? (first(raw.q) ? "all" : undefined),
    q: first(raw.q),
    page: first(raw.page),
  });
  const query = parsed.success ? parsed.data : listApiKeysSchema.parse({});
  const result = await listApiKeys(actor, query);
  const env = query.environment;
  if (result.page > result.pageCount) {
    // An old link or a shrunken list: show the last page rather than an empty one.
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(raw)) if (typeof v === "string") params.set(k, v);
    params.set("page", String(result.pageCount));
    redirect(`/keys?${params.toString()}`);
  }
  const listed = [...result.items, ...result.nested];
  const [allInsights, rollTraffic, usage] = await Promise.all([
    getKeyInsights(actor, env),
    getRollTraffic(actor, listed),
    getKeysHourlyUsage(actor, listed),
  ]);
  const { insights, ids: notificationIds } = await withoutDismissed(actor, allInsights);
  const can: KeyRowPermissions = {
    create: canDoKeyOperation(actor, "create", env),
    edit: canDoKeyOperation(actor, "edit", env),
    editLabel: canDoKeyOperation(actor, "edit_label", env),
    roll: canDoKeyOperation(actor, "roll", env),
    revoke: canDoKeyOperation(actor, "revoke", env),
    reveal: canDoKeyOperation(actor, "reveal", env),
  };
  const filtered = Boolean(query.q) || (query.status !== "all" && query.status !== "current");
  const notice = hiddenControlsNotice({ role: actor.role, impersonating: Boolean(actor.impersonation) }, { kind: "keys", environment: env });
  const showAllHref = `/keys?${new URLSearchParams({ environment: env, status: "all", ...(query.q ? { q: query.q } : {}) }).toString()}`;
  const scopeCatalog = RESOURCES.map((r) => ({ id: r.id, label: r.label }));

  return (
    <div className="space-y-6">
      {env === "live" && <LiveModeBand />}
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">API keys</h1>
          <p className="mt-1 text-sm text-slate-600">
            Secret and restricted keys authenticate your servers; publishable keys identify your account in browsers.
          </p>
        </div>
        {can.create && <CreateKeyButton key={env} environment={env} scopeCatalog={scopeCatalog} />}
      </div>

      {notice && <RoleNotice>{notice}</RoleNotice>}

      {hasInsights(insights) && (
        <KeyInsightsBanner
          key={env}
          insights={insights}
          now={new Date().toISOString()}
          dismissIds={canDoKeyOperation(actor, "edit_label", env) ? notificationIds : undefined}
        />
      )}

      <KeysToolbar environment={env} status={query.status} q={query.q ?? ""} />

      {result.total === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
          <KeyRound className="mx-auto h-8 w-8 text-slate-400" aria-hidden />
          {filtered ? (
            <>
              <h2 className="mt-3 font-medium">No keys match these filters</h2>
              <p className="mt-1 text-sm text-slate-600">
                <Link className="text-indigo-700 underline" href={`/keys?environment=${env}`}>
                  Clear the filters
                </Link>{" "}
                to see every {env} key.
              </p>
            </>
          ) : (
            <>
              <h2 className="mt-3 font-medium">{result.hidden > 0 ? `No active ${env} keys` : `No ${env} keys yet`}</h2>
              <p className="mt-1 text-sm text-slate-600">
                {can.create
                  ? `Create your first ${env} key with “Create key”. Its secret is shown once, so have somewhere safe to store it.`
                  : `An owner or admin${env === "test" ? " or developer" : ""} can create the first ${env} key.`}
              </p>
            </>
          )}
        </div>
      ) : (
        <>
          <KeysTable
            keys={result.items}
            nested={result.nested}
            nestedUnder={result.nestedUnder}
            can={can}
            scopeCatalog={scopeCatalog}
            now={new Date().toISOString()}
            rollTraffic={rollTraffic}
            usage={usage}
          />
          <Pagination page={result.page} pageCount={result.pageCount} total={result.total} pageSize={result.pageSize} />
        </>
      )}
      {query.status === "current" && result.hidden > 0 && (
        <p className="text-sm">
          <Link className="font-medium text-indigo-700 underline" href={showAllHref}>
            Show revoked and expired ({result.hidden})
          </Link>
        </p>
      )}
    </div>
  );
}
