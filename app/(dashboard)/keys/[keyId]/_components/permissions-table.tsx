import type { KeyType } from "@/lib/api-keys/kinds";
import { accessByResource, hasFullAccess, type AccessLevel } from "@/lib/permissions";

const LEVELS: { level: AccessLevel; label: string }[] = [
  { level: "none", label: "None" },
  { level: "read", label: "Read" },
  { level: "write", label: "Write" },
];

/**
 * A key's permissions as the scope picker lays them out: one row a
 * resource, its access marked under None, Read or Write. A key that may do
 * everything says so in one line, the table behind a disclosure.
 */
export function PermissionsTable({ type, permissions }: { type: KeyType; permissions: string[] }) {
  if (hasFullAccess(permissions)) {
    return (
      <div data-testid="permissions">
        <p>
          <span className="font-medium">Full access</span>
          <span className="text-slate-600">
            {type === "secret" ? ": a secret key reads and writes every resource." : ": this key reads and writes every resource."}
          </span>
        </p>
        <details className="mt-1">
          <summary className="cursor-pointer text-sm text-indigo-700 underline">Show permissions by resource</summary>
          <div className="mt-2">
            <Table permissions={permissions} />
          </div>
        </details>
      </div>
    );
  }
  return (
    <div data-testid="permissions">
      {type === "publishable" && <p className="mb-2 text-slate-600">Browser-safe only: what a publishable key may do in a browser.</p>}
      <Table permissions={permissions} />
    </div>
  );
}

function Table({ permissions }: { permissions: string[] }) {
  return (
    <div className="overflow-x-auto rounded-md ring-1 ring-slate-200">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Permissions</caption>
        <thead className="bg-slate-50 text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            <th scope="col" className="px-3 py-2 text-left">
              Resource
            </th>
            {LEVELS.map((l) => (
              <th key={l.level} scope="col" className="w-16 px-2 py-2 text-center sm:w-20">
                {l.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {accessByResource(permissions).map((r) => (
            <tr key={r.id} data-resource={r.id} data-access={r.access}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal text-slate-900">
                {r.label}
              </th>
              {LEVELS.map((l) => (
                <td key={l.level} className="px-2 py-1.5 text-center">
                  {r.access === l.level ? (
                    <>
                      <span
                        className={`mx-auto block h-3 w-3 rounded-full ring-2 ${l.level === "none" ? "bg-slate-400 ring-slate-200" : "bg-indigo-600 ring-indigo-200"}`}
                        aria-hidden
                      />
                      <span className="sr-only">{l.label}</span>
                    </>
                  ) : (
                    <span className="mx-auto block h-3 w-3 rounded-full ring-1 ring-inset ring-slate-300" aria-hidden />
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
