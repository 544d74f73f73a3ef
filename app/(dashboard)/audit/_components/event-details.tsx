import Link from "next/link";
import type { AuditEventView } from "@/lib/audit/query";

/** The raw event behind a disclosure: its action code, ids, changes as recorded, user agent. */
export function EventDetails({ event, targetHref }: { event: AuditEventView; targetHref: string }) {
  const raw = {
    id: event.id,
    action: event.action,
    actor: { type: event.actorType, id: event.actorId, label: event.actorLabel },
    target: { type: event.targetType, id: event.targetId },
    ...(event.impersonationId ? { impersonation: event.impersonationId } : {}),
    changes: event.changes,
  };
  return (
    <details className="mt-1.5 text-xs">
      <summary className="w-fit cursor-pointer text-slate-500 hover:text-slate-800">
        Details<span className="sr-only"> of event {event.id}</span>
      </summary>
      <div className="mt-1.5 space-y-1.5 rounded bg-slate-50 p-2">
        <p className="[overflow-wrap:anywhere]">
          <code className="font-mono">{event.action}</code> on {event.targetType.replace(/_/g, " ")}{" "}
          <code className="font-mono">{event.targetId}</code> ·{" "}
          <Link href={targetHref} className="text-indigo-700 underline">
            Only events for this {event.targetType === "merchant" ? "account" : event.targetType.replace(/_/g, " ")}
          </Link>
        </p>
        {event.userAgent && <p className="[overflow-wrap:anywhere] text-slate-600">User agent: {event.userAgent}</p>}
        <pre className="whitespace-pre-wrap break-all font-mono text-[11px] leading-4 text-slate-700">{JSON.stringify(raw, null, 2)}</pre>
      </div>
    </details>
  );
}
