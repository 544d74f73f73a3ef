import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ArrowLeft } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { requireMerchantActor } from "@/lib/auth/session";
import { applicationAbilities, getApplication, type ApplicationView } from "@/lib/applications/service";
import { PROVIDER_LIST } from "@/lib/credentials/providers";
import { isServiceError } from "@/lib/errors";
import { ApplicationActions } from "../_components/application-actions";
import { CredentialActions } from "../_components/credential-actions";
import { When } from "../_components/when";
import { DataTable } from "@/components/ui/data-table";

export const metadata: Metadata = { title: "Application" };

export default async function ApplicationPage({ params }: { params: Promise<{ applicationId: string }> }) {
  const { actor } = await requireMerchantActor();
  const { applicationId } = await params;
  let app: ApplicationView;
  try {
    app = await getApplication(actor, applicationId);
  } catch (err) {
    if (isServiceError(err) && err.code === "not_found") notFound();
    throw err;
  }
  const can = applicationAbilities(actor, app.environment);
  const configured = new Map(app.providers.map((c) => [c.provider, c]));

  return (
    <div className="space-y-8">
      <div>
        <Link href="/applications" className="inline-flex items-center gap-1 text-sm text-slate-600 hover:text-slate-900">
          <ArrowLeft className="h-4 w-4" aria-hidden /> Applications
        </Link>
        <div className="mt-2 flex flex-wrap items-start justify-between gap-4">
          <div>
            <div className="flex items-center gap-2">
              <h1 className="text-2xl font-semibold">{app.name}</h1>
              <Badge tone={app.environment === "live" ? "amber" : "gray"}>{app.environment}</Badge>
            </div>
            {app.description && <p className="mt-1 max-w-2xl text-sm text-slate-600">{app.description}</p>}
            <p className="mt-1 text-xs text-slate-500">
              Created <When date={app.createdAt} /> · <code className="font-mono">{app.id}</code>
            </p>
          </div>
          <ApplicationActions
            app={{ id: app.id, name: app.name, description: app.description, providerLabels: app.providers.map((p) => p.providerLabel) }}
            can={{ rename: can.rename, delete: can.delete }}
          />
        </div>
      </div>

      <section aria-labelledby="providers-heading" className="space-y-3">
        <div>
          <h2 id="providers-heading" className="text-lg font-semibold">
            Payment providers
          </h2>
          <p className="text-sm text-slate-600">
            Keys are encrypted as soon as they are saved and are never shown again; only the last four characters remain
            visible. This is a {app.environment} application: it accepts {app.environment} keys only.
          </p>
          {!can.writeCredentials && (
            <p className="mt-2 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
              {actor.impersonation
                ? "Support staff can see masks but cannot add, rotate or remove credentials while impersonating."
                : `Your role (${actor.role}) can view these credentials but not change them.`}
            </p>
          )}
        </div>
        <DataTable columns={["Provider", "Key", "Details", "Set", "Last rotated", ""]}>
              {PROVIDER_LIST.map((def) => {
                const c = configured.get(def.name);
                const details = c ? def.publicFields.filter((f) => c.publicFields[f.name]) : [];
                return (
                  <tr key={def.name} data-provider={def.name} className="align-top">
                    <th scope="row" className="px-4 py-3 text-left font-medium text-slate-900">
                      {def.label}
                    </th>
                    <td className="px-4 py-3">
                      {c ? (
                        <code className="font-mono text-xs" data-testid="credential-mask">
                          {c.mask}
                        </code>
                      ) : (
                        <span className="text-slate-500">Not configured</span>
                      )}
                    </td>
                    <td className="px-4 py-3 text-slate-700">
                      {details.length > 0 ? (
                        <dl className="space-y-0.5 text-xs">
                          {details.map((f) => (
                            <div key={f.name}>
                              <dt className="inline text-slate-500">{f.label}: </dt>
                              <dd className="inline break-all font-mono">{c!.publicFields[f.name]}</dd>
                            </div>
                          ))}
                        </dl>
                      ) : (
                        <span className="text-slate-500">—</span>
                      )}
                    </td>
                    <td className="px-4 py-3 text-slate-700">
                      {c && (
                        <>
                          <When date={c.setAt} />
                          <div className="text-xs text-slate-500">by {c.setBy}</div>
                        </>
                      )}
                    </td>
                    <td className="px-4 py-3 text-slate-700" data-testid="credential-rotated">
                      {c ? c.rotatedAt ? <When date={c.rotatedAt} /> : <span className="text-slate-500">Never</span> : null}
                    </td>
                    <td className="px-4 py-3 text-right">
                      {can.writeCredentials && (
                        <CredentialActions
                          target={{ applicationId: app.id, applicationName: app.name, provider: def.name, environment: app.environment }}
                          mask={c?.mask ?? null}
                        />
                      )}
                    </td>
                  </tr>
                );
              })}
            </DataTable>
      </section>
    </div>
  );
}
