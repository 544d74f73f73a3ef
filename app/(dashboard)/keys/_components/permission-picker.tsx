"use client";

/** Restricted-key permissions: one access level per resource (write includes read). */
export function PermissionPicker({
  catalog,
  value,
  onChange,
  describedBy,
}: {
  catalog: { id: string; label: string }[];
  value: string[];
  onChange: (next: string[]) => void;
  describedBy?: string;
}) {
  const levelOf = (resource: string) =>
    value.includes(`${resource}:write`) ? "write" : value.includes(`${resource}:read`) ? "read" : "none";
  function set(resource: string, level: string) {
    const rest = value.filter((s) => !s.startsWith(`${resource}:`));
    onChange(level === "none" ? rest : [...rest, `${resource}:${level}`]);
  }
  return (
    <fieldset className="rounded-md ring-1 ring-slate-200" aria-describedby={describedBy}>
      <legend className="sr-only">Permissions</legend>
      <div className="divide-y divide-slate-100">
        {catalog.map((r) => (
          <div key={r.id} className="flex items-center justify-between gap-4 px-3 py-1.5 text-sm">
            <span id={`perm-${r.id}`}>{r.label}</span>
            <div role="radiogroup" aria-labelledby={`perm-${r.id}`} className="flex gap-3">
              {(["none", "read", "write"] as const).map((level) => (
                <label key={level} className="flex items-center gap-1 text-slate-700">
                  <input
                    type="radio"
                    name={`perm-${r.id}`}
                    value={level}
                    checked={levelOf(r.id) === level}
                    onChange={() => set(r.id, level)}
                    aria-label={`${r.label}: ${level === "none" ? "none" : level}`}
                  />
                  <span className="capitalize">{level}</span>
                </label>
              ))}
            </div>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
