import type { Metadata } from "next";
import Link from "next/link";
import { buildOpenApiDocument } from "@/lib/openapi/document";
import { ApiReference } from "./_components/api-reference";
import { CopyButton } from "./_components/copy-button";

export const metadata: Metadata = { title: "API reference" };

type Sample = { source: string };
type Operation = { summary?: string; operationId?: string; "x-codeSamples"?: Sample[] };

const METHODS = ["get", "post", "patch", "put", "delete"] as const;

/** The endpoints with their curl examples, straight from the OpenAPI document. */
function endpoints(doc: ReturnType<typeof buildOpenApiDocument>) {
  const out: { method: string; path: string; summary: string; id: string; curl: string | null }[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (!op) continue;
      out.push({
        method: method.toUpperCase(),
        path,
        summary: op.summary ?? "",
        id: op.operationId ?? `${method}-${path}`,
        curl: op["x-codeSamples"]?.[0]?.source ?? null,
      });
    }
  }
  return out;
}

/** Public: the reference documents the API and holds no merchant data. */
export default function ApiDocsPage() {
  const doc = buildOpenApiDocument();
  const list = endpoints(doc);
  return (
    <div className="min-h-screen bg-white">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex h-14 max-w-6xl items-center gap-6 px-4">
          <Link href="/keys" className="font-semibold text-indigo-700">
            Keyward
          </Link>
          <span className="text-sm text-slate-500">API reference</span>
          <a href="/api/v1/openapi.json" className="ml-auto text-sm text-indigo-700 hover:underline">
            OpenAPI 3.1 document (JSON)
          </a>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">
        <h1 className="text-2xl font-semibold text-slate-900">Keyward API</h1>
        <p className="mt-2 max-w-3xl text-sm text-slate-600">
          Manage API keys from scripts and CI. Authenticate with a secret or restricted key in{" "}
          <code className="rounded bg-slate-100 px-1">Authorization: Bearer</code>. The examples read{" "}
          <code className="rounded bg-slate-100 px-1">$KEYWARD_URL</code> and{" "}
          <code className="rounded bg-slate-100 px-1">$KEYWARD_API_KEY</code> from your shell.
        </p>
        <section aria-labelledby="endpoints-heading" className="mt-8">
          <h2 id="endpoints-heading" className="text-lg font-semibold text-slate-900">
            Endpoints
          </h2>
          <ul className="mt-4 space-y-4">
            {list.map((e) => (
              <li key={e.id} className="rounded-lg border border-slate-200 p-4" aria-label={`${e.method} ${e.path}`}>
                <div className="flex flex-wrap items-baseline gap-3">
                  <span className="rounded bg-slate-900 px-2 py-0.5 font-mono text-xs font-semibold text-white">{e.method}</span>
                  <code className="font-mono text-sm text-slate-900">{e.path}</code>
                  <span className="text-sm text-slate-600">{e.summary}</span>
                </div>
                {e.curl && (
                  <div className="relative mt-3">
                    <pre
                      tabIndex={0}
                      aria-label={`curl example for ${e.method} ${e.path}`}
                      className="overflow-x-auto rounded-md bg-slate-950 p-3 pr-20 font-mono text-xs text-slate-100"
                    >
                      <code>{e.curl}</code>
                    </pre>
                    <CopyButton text={e.curl} label={`Copy curl example for ${e.method} ${e.path}`} />
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="reference-heading" className="mt-12">
          <h2 id="reference-heading" className="text-lg font-semibold text-slate-900">
            Reference
          </h2>
          <div className="mt-4 rounded-lg border border-slate-200">
            <ApiReference document={doc} />
          </div>
        </section>
      </main>
    </div>
  );
}
