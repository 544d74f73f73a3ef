"use client";

import { useState } from "react";
import Link from "next/link";
import { plural, relativeTime } from "@/lib/utils/format";
import { CalendarClock, Lightbulb, Radio, ShieldAlert, Trash2, X } from "lucide-react";
import type { KeyInsights, KeyRef } from "@/lib/api-keys/insights";
import { useDismissNotifications } from "../hooks/use-key-mutations";

function KeyLinks({ keys, total, detail }: { keys: KeyRef[]; total: number; detail: (k: KeyRef) => string }) {
  return (
    <ul className="mt-1 space-y-0.5 pl-5">
      {keys.map((k) => (
        <li key={k.id} className="list-disc">
          <Link href={`/keys/${k.id}`} className="font-medium text-indigo-700 underline">
            {k.name}
          </Link>{" "}
          <code className="font-mono text-xs text-slate-600">{k.prefix}…</code> <span className="text-slate-600">{detail(k)}</span>
        </li>
      ))}
      {total > keys.length && <li className="list-none text-slate-600">and {plural(total - keys.length, "more key", "more keys")}</li>}
    </ul>
  );
}

function Item({ icon, title, children }: { icon: React.ReactNode; title: string; children: React.ReactNode }) {
  return (
    <li className="flex gap-2">
      <span className="mt-0.5 shrink-0 text-slate-500" aria-hidden>
        {icon}
      </span>
      <div>
        <p className="font-medium text-slate-900">{title}</p>
        {children}
      </div>
    </li>
  );
}

/**
 * Suggestions computed on the server for the environment shown: expiring
 * keys, unused keys, rolled keys still in use, and new-IP alerts. Members
 * who manage the keys dismiss them for the whole merchant (as the API's
 * dismissals do; a new occurrence shows again); others hide them until the
 * next visit.
 */
export function KeyInsightsBanner({ insights, now: nowIso, dismissIds }: { insights: KeyInsights; now: string; dismissIds?: string[] }) {
  const [dismissed, setDismissed] = useState(false);
  const dismiss = useDismissNotifications();
  if (dismissed) return null;
  const now = new Date(nowIso);
  const ago = (d: Date) => relativeTime(d, now);
  const { expiringSoon, neverUsed, idle, rolledInUse, newIps } = insights;

  return (
    <section aria-labelledby="key-insights-heading" className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200" data-testid="key-insights">
      <div className="flex items-start justify-between gap-3">
        <h2 id="key-insights-heading" className="flex items-center gap-1.5 font-medium">
          <Lightbulb className="h-4 w-4 text-amber-600" aria-hidden />
          Suggestions for your {insights.environment} keys
        </h2>
        <button
          type="button"
          onClick={() => {
            if (dismissIds?.length) dismiss.mutate({ environment: insights.environment, ids: dismissIds }, { onSuccess: () => setDismissed(true) });
            else setDismissed(true);
          }}
          disabled={dismiss.isPending}
          className="rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-700"
          aria-label="Dismiss suggestions"
          title={dismissIds?.length ? "Dismiss these suggestions for everyone on the team" : "Dismiss until your next visit"}
        >
          <X className="h-4 w-4" aria-hidden />
        </button>
      </div>
      <ul className="mt-3 space-y-3 text-sm">
        {newIps.total > 0 && (
          <Item icon={<ShieldAlert className="h-4 w-4" />} title={`Used from a new IP address (${plural(newIps.total, "alert", "alerts")} in the last 7 days)`}>
            <ul className="mt-1 space-y-0.5 pl-5">
              {newIps.alerts.map((a) => (
                <li key={a.eventId} className="list-disc">
                  <Link href={`/keys/${a.keyId}`} className="font-medium text-indigo-700 underline">
                    {a.keyName}
                  </Link>{" "}
                  <span className="text-slate-600">
                    used from <span className="font-mono">{a.ip}</span> {ago(a.at)}
                  </span>
                </li>
              ))}
              {newIps.total > newIps.alerts.length && (
                <li className="list-none text-slate-600">
                  and {newIps.total - newIps.alerts.length} more in the{" "}
                  <Link href="/audit?action=api_key.used_from_new_ip" className="text-indigo-700 underline">
                    audit log
                  </Link>
                </li>
              )}
            </ul>
          </Item>
        )}
        {rolledInUse.total > 0 && (
          <Item
            icon={<Radio className="h-4 w-4" />}
            title={`${plural(rolledInUse.total, "rolled key is", "rolled keys are")} still in use and ${rolledInUse.total === 1 ? "its old secret stops" : "their old secrets stop"} working soon`}
          >
            <ul className="mt-1 space-y-0.5 pl-5">
              {rolledInUse.keys.map((k) => (
                <li key={k.id} className="list-disc">
                  <Link href={`/keys/${k.id}`} className="font-medium text-indigo-700 underline">
                    {k.name}
                  </Link>{" "}
                  <code className="font-mono text-xs text-slate-600">{k.prefix}…</code>{" "}
                  <span className="text-slate-600">
                    stops working {k.expiresAt ? ago(k.expiresAt) : "soon"}; last used {k.lastUsedAt ? ago(k.lastUsedAt) : ""}
                    {k.lastUsedIp && (
                      <>
                        {" "}from <span className="font-mono">{k.lastUsedIp}</span>
                      </>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </Item>
        )}
        {expiringSoon.total > 0 && (
          <Item icon={<CalendarClock className="h-4 w-4" />} title={`${plural(expiringSoon.total, "key expires", "keys expire")} within 7 days`}>
            <KeyLinks keys={expiringSoon.keys} total={expiringSoon.total} detail={(k) => (k.expiresAt ? `expires ${ago(k.expiresAt)}` : "")} />
          </Item>
        )}
        {neverUsed.total > 0 && (
          <Item
            icon={<Trash2 className="h-4 w-4" />}
            title={`${plural(neverUsed.total, "key has", "keys have")} never been used, a week or more after creation: consider revoking`}
          >
            <KeyLinks keys={neverUsed.keys} total={neverUsed.total} detail={(k) => `created ${ago(k.createdAt)}`} />
          </Item>
        )}
        {idle.total > 0 && (
          <Item icon={<Trash2 className="h-4 w-4" />} title={`${plural(idle.total, "key has", "keys have")} not been used for 30 days or more: consider revoking`}>
            <KeyLinks keys={idle.keys} total={idle.total} detail={(k) => (k.lastUsedAt ? `last used ${ago(k.lastUsedAt)}` : "")} />
          </Item>
        )}
      </ul>
    </section>
  );
}
