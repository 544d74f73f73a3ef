"use client";

import Link from "next/link";
import { useState } from "react";
import { AlertTriangle, CornerDownRight } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { When } from "@/components/ui/when";
import type { ApiKeyView } from "@/lib/api-keys/service";
import { summarizeScopes } from "@/lib/permissions";
import { shortenPublicKey } from "@/lib/utils/format";
import { KeyRowActions } from "./key-row-actions";
import { KeyRevealedDialog, type RevealedSecret } from "./key-revealed-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import type { KeySparkline, RollTraffic } from "@/lib/api-keys/usage-queries";
import { RollTrafficNote } from "./roll-traffic-note";
import { DataTable } from "@/components/ui/data-table";
import { UsageSparkline } from "./usage-sparkline";

export type KeyRowPermissions = {
  create: boolean;
  edit: boolean;
  editLabel: boolean;
  roll: boolean;
  revoke: boolean;
  reveal: boolean;
};

const STATUS_TONE = { active: "green", expiring: "amber", disabled: "gray", expired: "gray", revoked: "red" } as const;
const STATUS_LABEL = { active: "Active", expiring: "Expiring", disabled: "Disabled", expired: "Expired", revoked: "Revoked" } as const;
const TYPE_LABEL = { publishable: "Publishable", secret: "Secret", restricted: "Restricted" } as const;
const WEEK_MS = 7 * 86_400_000;
const CELL = "whitespace-nowrap px-3 py-2.5 align-middle first:pl-4 last:pr-4";

/**
 * The keys list: one line a key, with its last 24 hours of requests. A
 * rolled key's old secret, while it still works, sits under its successor
 * as an indented line with its traffic since the roll.
 */
export function KeysTable({
  keys,
  nested = [],
  nestedUnder = {},
  can,
  scopeCatalog,
  now: nowIso,
  rollTraffic = {},
  usage = {},
}: {
  keys: ApiKeyView[];
  /** Old secrets in their grace period, each shown under the key of `keys` that `nestedUnder` names. */
  nested?: ApiKeyView[];
  nestedUnder?: Record<string, string>;
  can: KeyRowPermissions;
  scopeCatalog: { id: string; label: string }[];
  now: string;
  /** Traffic since the roll, for rolled keys in their grace period. */
  rollTraffic?: Record<string, RollTraffic>;
  /** Requests per hour over the last 24 hours, by key. */
  usage?: Record<string, KeySparkline>;
}) {
  const now = new Date(nowIso);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const olderSecrets = (key: ApiKeyView) => nested.filter((k) => nestedUnder[k.id] === key.id);
  return (
    <>
    <DataTable columns={["Name", "Key", "Permissions", "Last used", "Last 24 h", "Expires", "Status", ""]} caption="API keys" pairs>
      {keys.map((key) => [
        <tr key={key.id} data-key-id={key.id}>
          <td className={CELL.replace("whitespace-nowrap ", "")}>
            <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
              <Link
                href={`/keys/${key.id}`}
                title={key.description ?? undefined}
                className="max-w-[12rem] truncate font-medium text-slate-900 underline decoration-slate-300 hover:decoration-slate-900"
              >
                {key.name}
              </Link>
              <Badge tone={key.type === "secret" ? "blue" : "gray"}>{TYPE_LABEL[key.type]}</Badge>
              <Badge tone={key.environment === "live" ? "amber" : "gray"}>{key.environment}</Badge>
              {key.refreshable && <Badge>refreshable</Badge>}
            </div>
          </td>
          <td className={CELL} data-label="Key">
            <KeyValue keyView={key} />
          </td>
          <td className={`${CELL} text-slate-700`} data-label="Permissions">
            <span title={key.permissions.join(", ")}>{summarizeScopes(key.type, key.permissions)}</span>
          </td>
          <td className={`${CELL} text-slate-700`} data-label="Last used" data-testid="last-used">
            <LastUsed keyView={key} now={now} />
          </td>
          <td className={CELL} data-label="Last 24 hours">
            {usage[key.id] && <UsageSparkline hourly={usage[key.id]!.hourly} total={usage[key.id]!.total} />}
          </td>
          <td className={`${CELL} text-slate-700`} data-label="Expires">
            <KeyExpiry keyView={key} now={now} />
          </td>
          <td className={CELL} data-label="Status">
            <Badge tone={STATUS_TONE[key.status]}>{STATUS_LABEL[key.status]}</Badge>
            {key.status === "expiring" && rollTraffic[key.id] && (
              <div className="mt-1 max-w-[10rem] whitespace-normal">
                <RollTrafficNote traffic={rollTraffic[key.id]!} now={now} />
              </div>
            )}
          </td>
          <td className={`${CELL} text-right`} data-row-actions>
            <KeyRowActions keyView={key} can={can} scopeCatalog={scopeCatalog} onRevealed={setRevealed} />
          </td>
        </tr>,
        ...olderSecrets(key).map((old) => (
          <tr key={old.id} data-key-id={old.id} data-old-secret-of={key.id} className="bg-slate-50/70">
            <td className={CELL.replace("whitespace-nowrap ", "")}>
              <div className="flex items-center gap-1.5 pl-3 text-slate-700">
                <CornerDownRight className="h-3.5 w-3.5 shrink-0 text-slate-400" aria-hidden />
                <span>
                  <Link href={`/keys/${old.id}`} className="font-medium text-slate-900 underline decoration-slate-300 hover:decoration-slate-900">
                    Old secret<span className="sr-only"> of {key.name}</span>
                  </Link>
                  {old.expiresAt && (
                    <>
                      {" · "}
                      <When date={old.expiresAt} now={now} prefix="stops " />
                    </>
                  )}
                </span>
              </div>
            </td>
            <td className={CELL} data-label="Key">
              <KeyValue keyView={old} />
            </td>
            <td className={CELL} data-label="Permissions" />
            <td className={`${CELL} text-slate-700`} data-label="Last used">
              <LastUsed keyView={old} now={now} />
            </td>
            <td className={CELL} data-label="Last 24 hours">
              {usage[old.id] && <UsageSparkline hourly={usage[old.id]!.hourly} total={usage[old.id]!.total} />}
            </td>
            <td className={CELL.replace("whitespace-nowrap ", "")} data-label="Since the roll" colSpan={2}>
              {rollTraffic[old.id] ? (
                <div className="max-w-[14rem] whitespace-normal">
                  <RollTrafficNote traffic={rollTraffic[old.id]!} now={now} />
                </div>
              ) : (
                <Badge tone={STATUS_TONE[old.status]}>{STATUS_LABEL[old.status]}</Badge>
              )}
            </td>
            <td className={`${CELL} text-right`} data-row-actions>
              <KeyRowActions
                keyView={old}
                label={`Actions for the old secret of ${key.name}`}
                can={can}
                scopeCatalog={scopeCatalog}
                onRevealed={setRevealed}
              />
            </td>
          </tr>
        )),
      ])}
    </DataTable>
    <KeyRevealedDialog revealed={revealed} onClose={() => setRevealed(null)} />
    </>
  );
}

function KeyValue({ keyView: key }: { keyView: ApiKeyView }) {
  return key.publicValue ? (
    <span className="inline-flex items-center gap-0.5">
      <code className="font-mono text-xs" title={key.publicValue}>
        {shortenPublicKey(key.publicValue)}
      </code>
      <CopyButton value={key.publicValue} label={`Copy publishable key ${key.name}`} />
    </span>
  ) : (
    <code className="font-mono text-xs" aria-label={`Key prefix ${key.prefix}`}>
      {key.prefix}…
    </code>
  );
}

function LastUsed({ keyView: key, now }: { keyView: ApiKeyView; now: Date }) {
  return key.lastUsedAt ? (
    <div className="leading-tight">
      <When date={key.lastUsedAt} now={now} />
      {key.lastUsedIp && <div className="font-mono text-xs text-slate-500">{key.lastUsedIp}</div>}
    </div>
  ) : (
    <span className="text-slate-500">Never</span>
  );
}

function KeyExpiry({ keyView: key, now }: { keyView: ApiKeyView; now: Date }) {
  if (key.status === "revoked") return <span className="text-slate-500">—</span>;
  if (!key.expiresAt) return <span className="text-slate-500">Never</span>;
  if (key.expiresAt <= now) return <When date={key.expiresAt} now={now} prefix="Expired " />;
  const soon = key.expiresAt.getTime() - now.getTime() < WEEK_MS;
  if (!soon) return <When date={key.expiresAt} now={now} />;
  return (
    <span className="inline-flex items-center gap-1 font-medium text-amber-700">
      <AlertTriangle className="h-3.5 w-3.5" aria-hidden />
      <When date={key.expiresAt} now={now} />
      <span className="sr-only"> (within 7 days)</span>
    </span>
  );
}
