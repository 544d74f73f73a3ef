"use client";

import Link from "next/link";
import { formatDistanceStrict, format } from "date-fns";
import { AlertTriangle } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { summarizeScopes } from "@/lib/permissions";
import { KeyRowActions } from "./key-row-actions";
import { CopyButton } from "./copy-button";
import type { RollTraffic } from "@/lib/api-keys/usage-queries";
import { RollTrafficNote } from "../[keyId]/_components/roll-traffic-note";
import { DataTable } from "@/components/ui/data-table";

export type KeyRowPermissions = {
  create: boolean;
  edit: boolean;
  editLabel: boolean;
  roll: boolean;
  revoke: boolean;
  reveal: boolean;
};

const STATUS_TONE = { active: "green", expiring: "amber", expired: "gray", revoked: "red" } as const;
const TYPE_LABEL = { publishable: "Publishable", secret: "Secret", restricted: "Restricted" } as const;
const WEEK_MS = 7 * 86_400_000;

function relative(date: Date, now: Date) {
  return formatDistanceStrict(date, now, { addSuffix: true });
}

export function KeysTable({
  keys,
  can,
  scopeCatalog,
  now: nowIso,
  rollTraffic = {},
}: {
  keys: ApiKeyView[];
  can: KeyRowPermissions;
  scopeCatalog: { id: string; label: string }[];
  now: string;
  /** Traffic since the roll, for rolled keys in their grace period. */
  rollTraffic?: Record<string, RollTraffic>;
}) {
  const now = new Date(nowIso);
  return (
    <DataTable columns={["Name", "Key", "Permissions", "Created", "Last used", "Expires", "Status", ""]} caption="API keys">
          {keys.map((key) => {
            const expiresSoon =
              key.expiresAt && key.status !== "revoked" && key.expiresAt.getTime() - now.getTime() < WEEK_MS;
            return (
              <tr key={key.id} data-key-id={key.id} className="align-top">
                <td className="px-4 py-3">
                  <Link href={`/keys/${key.id}`} className="font-medium text-slate-900 underline decoration-slate-300 hover:decoration-slate-900">
                    {key.name}
                  </Link>
                  {key.description && <div className="mt-0.5 max-w-xs truncate text-xs text-slate-500">{key.description}</div>}
                  <div className="mt-1 flex flex-wrap gap-1">
                    <Badge tone={key.type === "secret" ? "blue" : "gray"}>{TYPE_LABEL[key.type]}</Badge>
                    <Badge tone={key.environment === "live" ? "amber" : "gray"}>{key.environment}</Badge>
                    {key.refreshable && <Badge>refreshable</Badge>}
                  </div>
                </td>
                <td className="px-4 py-3">
                  {key.publicValue ? (
                    <div className="flex items-center gap-1">
                      <code className="max-w-[14rem] truncate font-mono text-xs" title={key.publicValue}>
                        {key.publicValue}
                      </code>
                      <CopyButton value={key.publicValue} label={`Copy publishable key ${key.name}`} />
                    </div>
                  ) : (
                    <code className="font-mono text-xs" aria-label={`Key prefix ${key.prefix}`}>
                      {key.prefix}…
                    </code>
                  )}
                </td>
                <td className="px-4 py-3 text-slate-700">
                  <span title={key.permissions.join(", ")}>{summarizeScopes(key.type, key.permissions)}</span>
                </td>
                <td className="px-4 py-3 text-slate-700">
                  <time dateTime={key.createdAt.toISOString()} title={format(key.createdAt, "PPpp")}>
                    {relative(key.createdAt, now)}
                  </time>
                  {key.createdBy && <div className="text-xs text-slate-500">by {key.createdBy}</div>}
                </td>
                <td className="px-4 py-3 text-slate-700" data-testid="last-used">
                  {key.lastUsedAt ? (
                    <>
                      <time dateTime={key.lastUsedAt.toISOString()} title={format(key.lastUsedAt, "PPpp")}>
                        {relative(key.lastUsedAt, now)}
                      </time>
                      {key.lastUsedIp && <div className="font-mono text-xs text-slate-500">{key.lastUsedIp}</div>}
                    </>
                  ) : (
                    <span className="text-slate-500">Never</span>
                  )}
                </td>
                <td className="px-4 py-3 text-slate-700">
                  {key.expiresAt ? (
                    <span className={expiresSoon ? "inline-flex items-center gap-1 font-medium text-amber-700" : undefined}>
                      {expiresSoon && <AlertTriangle className="h-3.5 w-3.5" aria-hidden />}
                      <time dateTime={key.expiresAt.toISOString()} title={format(key.expiresAt, "PPpp")}>
                        {key.expiresAt <= now ? `Expired ${relative(key.expiresAt, now)}` : `Expires ${relative(key.expiresAt, now)}`}
                      </time>
                      {expiresSoon && key.expiresAt > now && <span className="sr-only"> (within 7 days)</span>}
                    </span>
                  ) : (
                    <span className="text-slate-500">Never</span>
                  )}
                </td>
                <td className="px-4 py-3">
                  <Badge tone={STATUS_TONE[key.status]}>{key.status === "expiring" ? "Expiring (rolled)" : key.status}</Badge>
                  {key.status === "expiring" && rollTraffic[key.id] && (
                    <div className="mt-1 max-w-[14rem]">
                      <RollTrafficNote traffic={rollTraffic[key.id]!} now={now} />
                    </div>
                  )}
                </td>
                <td className="px-4 py-3 text-right">
                  <KeyRowActions keyView={key} can={can} scopeCatalog={scopeCatalog} />
                </td>
              </tr>
            );
          })}
        </DataTable>
  );
}
