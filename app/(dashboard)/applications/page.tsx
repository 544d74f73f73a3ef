import type { Metadata } from "next";
import Link from "next/link";
import { AppWindow } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { requireMerchantActor } from "@/lib/auth/session";
import { hiddenControlsNotice } from "@/lib/permissions";
import { RoleNotice } from "@/components/role-notice";
import { creatableEnvironments, listApplications } from "@/lib/applications/service";
import { CreateApplicationButton } from "./_components/create-application-dialog";
import { When } from "./_components/when";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Applications" };

export default async function ApplicationsPage() {
  const { actor } = await requireMerchantActor();
  const { items, hasMore } = await listApplications(actor, { limit: 100 });
  const environments = creatableEnvironments(actor);
  const notice = hiddenControlsNotice({ role: actor.role, impersonating: Boolean(actor.impersonation) }, { kind: "applications", environment: "live" });

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Applications</h1>
          <p className="mt-1 text-sm text-slate-600">
            Each application keeps the payment providers’ credentials it uses, encrypted. After saving, only a mask is shown.
          </p>
        </div>
        {environments.length > 0 && <CreateApplicationButton environments={environments} />}
      </div>

      {notice && <RoleNotice>{notice}</RoleNotice>}

      {items.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-14 text-center">
          <AppWindow className="mx-auto h-8 w-8 text-slate-400" aria-hidden />
          <h2 className="mt-3 font-medium">No applications yet</h2>
          <p className="mt-1 text-sm text-slate-600">
            {environments.length > 0
              ? "Create one with “New application”, then add its payment providers’ keys."
              : "An owner, admin or developer can create the first application."}
          </p>
        </div>
      ) : (
        <DataTable columns={["Name", "Environment", "Providers", "Created"]} footer={hasMore && <p className="px-4 py-3 text-xs text-slate-500">Showing the 100 newest applications.</p>}>
              {items.map((app) => (
                <tr key={app.id} className="align-top">
                  <td className="px-4 py-3">
                    <Link href={`/applications/${app.id}`} className="font-medium text-indigo-700 hover:underline">
                      {app.name}
                    </Link>
                    {app.description && <div className="mt-0.5 max-w-sm truncate text-xs text-slate-500">{app.description}</div>}
                  </td>
                  <td className="px-4 py-3">
                    <Badge tone={app.environment === "live" ? "amber" : "gray"}>{app.environment}</Badge>
                  </td>
                  <td className="px-4 py-3">
                    {app.providers.length === 0 ? (
                      <span className="text-slate-500">None yet</span>
                    ) : (
                      <ul className="flex flex-wrap gap-1.5">
                        {app.providers.map((p) => (
                          <li key={p.provider}>
                            <Badge tone="blue">
                              {p.providerLabel} <code className="ml-1 font-mono">{p.mask}</code>
                            </Badge>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td className="px-4 py-3 text-slate-700">
                    <When date={app.createdAt} />
                  </td>
                </tr>
              ))}
            </DataTable>
      )}
    </div>
  );
}
