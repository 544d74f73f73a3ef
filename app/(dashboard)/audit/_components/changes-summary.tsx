function show(value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.length ? value.join(", ") : "none";
  return JSON.stringify(value);
}

function clip(s: string, max = 120): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/**
 * An event's before/after summary: `field: before → after` for changed
 * fields (stored as two-element arrays, except on *.created events, whose
 * values are plain facts), `field: value` otherwise.
 */
export function ChangesSummary({ action, changes }: { action: string; changes: Record<string, unknown> }) {
  const entries = Object.entries(changes);
  if (entries.length === 0) return <span className="text-slate-500">—</span>;
  const diffs = !action.endsWith(".created");
  return (
    <dl className="space-y-0.5">
      {entries.map(([field, value]) => (
        <div key={field} className="flex gap-1">
          <dt className="text-slate-500">{field}:</dt>
          <dd className="break-words">
            {diffs && Array.isArray(value) && value.length === 2 ? (
              <>
                <span className="text-slate-500 line-through decoration-slate-300">{clip(show(value[0]))}</span> →{" "}
                <span>{clip(show(value[1]))}</span>
              </>
            ) : (
              clip(show(value))
            )}
          </dd>
        </div>
      ))}
    </dl>
  );
}
