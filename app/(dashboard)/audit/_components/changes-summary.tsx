import { describeChanges, type AuditNames } from "@/lib/audit/changes";

/**
 * An event's changes in words: `Field: value`, `Field: before → after` for a
 * changed value, and lists as what was added and removed (never a pair).
 */
export function ChangesSummary({ action, changes, names = {} }: { action: string; changes: Record<string, unknown>; names?: AuditNames }) {
  const lines = describeChanges(action, changes, names);
  if (lines.length === 0) return null;
  return (
    <dl className="mt-1.5 grid grid-cols-1 gap-x-3 gap-y-0.5 text-xs sm:grid-cols-[minmax(0,max-content)_minmax(0,1fr)]">
      {lines.map((line) => (
        <div key={line.field} className="contents">
          <dt className="text-slate-500">{line.label}</dt>
          <dd className="mb-1 min-w-0 [overflow-wrap:anywhere] text-slate-800 sm:mb-0">
            {line.kind === "value" && line.value}
            {line.kind === "diff" && (
              <>
                <span className="text-slate-600">{line.before}</span>
                <span aria-hidden> → </span>
                <span className="sr-only"> changed to </span>
                <span className="font-medium">{line.after}</span>
              </>
            )}
            {line.kind === "list" && (
              <ul className="space-y-0.5">
                {line.groups.map((g, i) => (
                  <li key={g.label ?? i}>
                    {g.label && <span className={g.label === "Added" ? "font-medium text-emerald-800" : "font-medium text-red-700"}>{g.label}: </span>}
                    {g.items.join(", ")}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
