import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { formatDateTime, relativeTime } from "@/lib/utils/format";
import { ArrowLeft } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { requireMerchantActor } from "@/lib/auth/session";
import { canDoKeyOperation, getApiKey, type ApiKeyView } from "@/lib/api-keys/service";
import { getKeyUsageSeries, getRollTraffic, listKeySeenIps } from "@/lib/api-keys/usage-queries";
import { NEW_IP_WINDOW_MS, listNewIpAlerts } from "@/lib/api-keys/insights";
import { listAuditEvents } from "@/lib/audit/query";
import { isServiceError } from "@/lib/errors";
import { now as clockNow } from "@/lib/clock";
import { RESOURCES, hiddenControlsNotice } from "@/lib/permissions";
import { withoutDismissedAlerts } from "@/lib/notifications/feed";
import { LiveModeBand } from "@/components/live-mode-band";
import { RoleNotice } from "@/components/role-notice";
import { ChangesSummary } from "@/app/(dashboard)/audit/_components/changes-summary";
import { CopyButton } from "@/components/ui/copy-button";
import { KeyRevokeButton } from "./_components/key-revoke-button";
import { KeyPageActions } from "./_components/key-page-actions";
import { RollTrafficNote } from "../_components/roll-traffic-note";
import { UsageChart } from "./_components/usage-chart";
import { NewIpAlert } from "./_components/new-ip-alert";
import { PermissionsTable } from "./_components/permissions-table";
import { ExpireNowButton } from "./_components/expire-now-button";
import { quietEnoughToExpire } from "@/lib/api-keys/expire-now";

export const metadata: Metadata = { title: "API key" };

const STATUS_TONE = { active: "green", expiring: "amber", disabled: "gray", expired: "gray", revoked: "red" } as const;
const STATUS_LABEL = { active: "Active", expiring: "Expiring (rolled)", disabled: "Disabled", expired: "Expired", revoked: "Revoked" } as const;
const TYPE_LABEL = { publishable: "Publishable", secret: "Secret", restricted: "Restricted" } as const;

/** A key of the actor's merchant, or null for anything else (unknown, malformed, another merchant's). */
async function findKey(actor: Parameters<typeof getApiKey>[0], id: string | null): Promise<ApiKeyView | null> {
  if (!id) return null;
  try {
    return await getApiKey(actor, id);
  } catch (err) {
    if (isServiceError(err) && err.code === "not_found") return null;
    throw err;
  }
}

function When({ date, now }: { date: Date; now: Date }) {
  return (
    <time dateTime={date.toISOString()} >
      {formatDateTime(date)} ({relativeTime(date, now)})
    </time>
  );
}

function KeyLink({ keyView }: { keyView: ApiKeyView }) {
  return (
    <Link href={`/keys/${keyView.id}`} className="text-indigo-700 underline">
      <code className="font-mono">{keyView.prefix}…</code> ({STATUS_LABEL[keyView.status].toLowerCase()})
    </Link>
  );
}

export default async function KeyDetailPage({ params }: { params: Promise<{ keyId: string }> }) {
  const { actor } = await requireMerchantActor();
  const { keyId } = await params;
  const key = await findKey(actor, keyId);
  if (!key) notFound();
  const now = clockNow();
  const [series, ips, events, rollTraffic, predecessor, successor, allAlerts] = await Promise.all([
    getKeyUsageSeries(actor, key.id, now),
    listKeySeenIps(actor, key.id, { take: 50 }),
    listAuditEvents(actor, { target: key.id, limit: 25 }),
    getRollTraffic(actor, [key], now),
    findKey(actor, key.rolledFromId),
    findKey(actor, key.replacedById),
    listNewIpAlerts(actor, { keyId: key.id, since: new Date(now.getTime() - NEW_IP_WINDOW_MS), take: 200 }),
  ]);
  // What someone acknowledged ("This was me") or dismissed is gone for the whole team.
  const alerts = await withoutDismissedAlerts(actor, allAlerts, 10);
  const traffic = rollTraffic[key.id];
  const canRevoke = key.status !== "revoked" && canDoKeyOperation(actor, "revoke", key.environment);
  const metadataEntries = Object.entries(key.metadata);
  const notice = hiddenControlsNotice({ role: actor.role, impersonating: Boolean(actor.impersonation) }, { kind: "keys", environment: key.environment });

  return (
    <div className="space-y-8">
      {key.environment === "live" && <LiveModeBand />}
      <div>
        <Link href={`/keys?environment=${key.environment}`} className="inline-flex items-center gap-1 text-sm text-indigo-700 underline">
          <ArrowLeft className="h-3.5 w-3.5" aria-hidden />
          All {key.environment} keys
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div>
            <h1 className="text-2xl font-semibold">{key.name}</h1>
            {key.description && <p className="mt-1 text-sm text-slate-600">{key.description}</p>}
            <div className="mt-2 flex flex-wrap gap-1">
              <Badge tone={key.type === "secret" ? "blue" : "gray"}>{TYPE_LABEL[key.type]}</Badge>
              <Badge tone={key.environment === "live" ? "amber" : "gray"}>{key.environment}</Badge>
              <Badge tone={STATUS_TONE[key.status]}>{STATUS_LABEL[key.status]}</Badge>
              {key.refreshable && <Badge>refreshable</Badge>}
            </div>
          </div>
          <KeyPageActions
            keyView={key}
            can={{
              edit: canDoKeyOperation(actor, "edit", key.environment),
              editLabel: canDoKeyOperation(actor, "edit_label", key.environment),
              roll: canDoKeyOperation(actor, "roll", key.environment),
              revoke: canRevoke,
            }}
            scopeCatalog={RESOURCES.map((r) => ({ id: r.id, label: r.label }))}
            showRevoke={!(traffic && !traffic.inUse)}
          />
        </div>
        {notice && <div className="mt-4"><RoleNotice>{notice}</RoleNotice></div>}
      </div>

      {traffic && (
        <section aria-labelledby="roll-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="roll-heading" className="font-medium">
            Is anyone still using the old secret?
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            This key was rolled <When date={traffic.rolledAt} now={now} />
            {successor && (
              <>
                {" "}and replaced by <KeyLink keyView={successor} />
              </>
            )}
            .
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-3 text-sm">
            <RollTrafficNote traffic={traffic} now={now} detailed />
            {canRevoke && quietEnoughToExpire(key, now) && <ExpireNowButton previous={key} />}
            {!traffic.inUse && canRevoke && (
              <KeyRevokeButton keyView={key} variant="danger">
                Revoke now
              </KeyRevokeButton>
            )}
          </div>
        </section>
      )}

      {predecessor?.status === "expiring" && predecessor.expiresAt && (
        <section aria-labelledby="previous-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <h2 id="previous-heading" className="font-medium">
            The previous secret still works
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            <KeyLink keyView={predecessor} /> stops working <When date={predecessor.expiresAt} now={now} />.{" "}
            {quietEnoughToExpire(predecessor, now)
              ? "It has not been used in the last 15 minutes: you can end it now."
              : "It was used in the last 15 minutes: move what still uses it to this key's secret first."}
          </p>
          {quietEnoughToExpire(predecessor, now) && canDoKeyOperation(actor, "revoke", predecessor.environment) && (
            <div className="mt-2">
              <ExpireNowButton previous={predecessor} />
            </div>
          )}
        </section>
      )}

      {alerts.total > 0 && (
        <NewIpAlert
          keyView={key}
          alerts={alerts.alerts.map((a) => ({ eventId: a.eventId, ip: a.ip, at: a.at }))}
          now={now.toISOString()}
          can={{
            roll: canDoKeyOperation(actor, "roll", key.environment),
            revoke: canRevoke,
            acknowledge: canDoKeyOperation(actor, "edit_label", key.environment),
          }}
        />
      )}

      <section aria-labelledby="details-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="details-heading" className="font-medium">
          Details
        </h2>
        <dl className="mt-3 grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="text-slate-500">{key.publicValue ? "Publishable key" : "Key prefix"}</dt>
          <dd>
            {key.publicValue ? (
              <span className="flex items-center gap-1">
                <code className="break-all font-mono text-xs">{key.publicValue}</code>
                <CopyButton value={key.publicValue} label={`Copy publishable key ${key.name}`} />
              </span>
            ) : (
              <code className="font-mono text-xs">{key.prefix}…</code>
            )}
          </dd>
          <dt className="text-slate-500">Key id</dt>
          <dd>
            <code className="font-mono text-xs">{key.id}</code>
          </dd>
          <dt className="text-slate-500">Type</dt>
          <dd>{TYPE_LABEL[key.type]}</dd>
          <dt className="text-slate-500">Environment</dt>
          <dd>{key.environment}</dd>
          <dt className="text-slate-500">Status</dt>
          <dd>{STATUS_LABEL[key.status]}</dd>
          <dt className="text-slate-500">Permissions</dt>
          <dd className="max-w-md">
            <PermissionsTable type={key.type} permissions={key.permissions} />
          </dd>
          <dt className="text-slate-500">Metadata</dt>
          <dd>
            {metadataEntries.length === 0 ? (
              <span className="text-slate-500">None</span>
            ) : (
              <ul className="space-y-0.5">
                {metadataEntries.map(([k, v]) => (
                  <li key={k}>
                    <code className="font-mono text-xs">{k}</code>: {v}
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt className="text-slate-500">Created</dt>
          <dd>
            <When date={key.createdAt} now={now} />
            {key.createdBy && <span className="text-slate-600"> by {key.createdBy}</span>}
          </dd>
          <dt className="text-slate-500">Expires</dt>
          <dd>{key.expiresAt ? <When date={key.expiresAt} now={now} /> : <span className="text-slate-500">Never</span>}</dd>
          <dt className="text-slate-500">Last used</dt>
          <dd data-testid="detail-last-used">
            {key.lastUsedAt ? (
              <>
                <When date={key.lastUsedAt} now={now} />
                {key.lastUsedIp && (
                  <>
                    {" "}from <span className="font-mono">{key.lastUsedIp}</span>
                  </>
                )}
              </>
            ) : (
              <span className="text-slate-500">Never</span>
            )}
          </dd>
          {key.type !== "publishable" && (
            <>
              <dt className="text-slate-500">Allowed IPs</dt>
              <dd data-testid="detail-allowed-ips">
                {key.allowedIps ? (
                  <ul className="flex flex-wrap gap-1" aria-label="Allowed IPs">
                    {key.allowedIps.map((entry) => (
                      <li key={entry}>
                        <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">{entry}</code>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="text-slate-500">Any IP address</span>
                )}
              </dd>
              <dt className="text-slate-500">Refused requests</dt>
              <dd data-testid="detail-denied">
                {key.deniedCount > 0 && key.lastDeniedAt ? (
                  <>
                    {key.deniedCount.toLocaleString("en-US")} from outside the allowed IPs; last <When date={key.lastDeniedAt} now={now} />
                    {key.lastDeniedIp && (
                      <>
                        {" "}from <span className="font-mono">{key.lastDeniedIp}</span>
                      </>
                    )}
                  </>
                ) : (
                  <span className="text-slate-500">None</span>
                )}
              </dd>
            </>
          )}
          {key.rolledFromId && (
            <>
              <dt className="text-slate-500">Rolled from</dt>
              <dd>{predecessor ? <KeyLink keyView={predecessor} /> : <code className="font-mono text-xs">{key.rolledFromId}</code>}</dd>
            </>
          )}
          {key.replacedById && (
            <>
              <dt className="text-slate-500">Replaced by</dt>
              <dd>{successor ? <KeyLink keyView={successor} /> : <code className="font-mono text-xs">{key.replacedById}</code>}</dd>
            </>
          )}
        </dl>
      </section>

      <section aria-labelledby="usage-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="usage-heading" className="mb-3 font-medium">
          Usage
        </h2>
        <UsageChart hourly={series.hourly} daily={series.daily} total24h={series.total24h} total30d={series.total30d} />
      </section>

      <section aria-labelledby="ips-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <h2 id="ips-heading" className="font-medium">
          IP addresses
        </h2>
        {ips.total === 0 ? (
          <p className="mt-2 text-sm text-slate-600">This key has not been used from any known address yet.</p>
        ) : (
          <>
            <p className="mt-1 text-sm text-slate-600">
              {ips.total === 1 ? "Used from 1 address" : `Used from ${ips.total} addresses`}
              {ips.total > ips.items.length && `; the ${ips.items.length} most recent are shown`}.
            </p>
            <div className="mt-2 overflow-x-auto">
              <table className="min-w-full divide-y divide-slate-200 text-sm" data-testid="seen-ips">
                <thead className="text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                  <tr>
                    <th scope="col" className="py-2 pr-4">IP address</th>
                    <th scope="col" className="py-2 pr-4">First seen</th>
                    <th scope="col" className="py-2 pr-4">Last seen</th>
                    <th scope="col" className="py-2 text-right">Requests</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {ips.items.map((ip) => (
                    <tr key={ip.ip}>
                      <td className="py-2 pr-4 font-mono">{ip.ip}</td>
                      <td className="py-2 pr-4">
                        <When date={ip.firstSeenAt} now={now} />
                      </td>
                      <td className="py-2 pr-4">
                        <When date={ip.lastSeenAt} now={now} />
                      </td>
                      <td className="py-2 text-right tabular-nums">{ip.count.toLocaleString("en-US")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <section aria-labelledby="activity-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
        <div className="flex items-baseline justify-between gap-3">
          <h2 id="activity-heading" className="font-medium">
            Recent activity
          </h2>
          <Link href={`/audit?target=${key.id}`} className="text-sm text-indigo-700 underline">
            All events for this key in the audit log
          </Link>
        </div>
        {events.items.length === 0 ? (
          <p className="mt-2 text-sm text-slate-600">No events recorded for this key.</p>
        ) : (
          <ol className="mt-2 divide-y divide-slate-100 text-sm">
            {events.items.map((e) => (
              <li key={e.id} className="grid gap-1 py-2 sm:grid-cols-[12rem_14rem_1fr]">
                <When date={e.createdAt} now={now} />
                <div>
                  <code className="font-mono text-xs">{e.action}</code>
                  <div className="text-xs text-slate-500">by {e.actorLabel}</div>
                </div>
                <div className="text-xs text-slate-700">
                  <ChangesSummary action={e.action} changes={e.changes} />
                </div>
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}
