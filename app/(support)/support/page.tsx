import type { Metadata } from "next";
import Link from "next/link";
import { Search } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { isServiceError } from "@/lib/errors";
import { requireStaffUser } from "@/lib/impersonation/staff-page";
import {
  activeImpersonationOf,
  closeExpiredImpersonations,
  isSupportStaff,
  searchMerchants,
  type MerchantHit,
} from "@/lib/impersonation/service";
import { impersonationMinutes } from "@/lib/impersonation/config";
import { endImpersonationAction } from "./actions";
import { StartImpersonationButton } from "./_components/start-impersonation-dialog";
import { DataTable } from "@/components/ui/data-table";
import { formatTime } from "@/lib/utils/format";

export const metadata: Metadata = { title: "Support console" };

export default async function SupportPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const staff = await requireStaffUser();
  if (!isSupportStaff(staff)) {
    return (
      <div className="mx-auto max-w-md text-center">
        <h1 className="text-xl font-semibold">No support access</h1>
        <p className="mt-2 text-sm text-slate-600">Your account does not hold the support role. Ask an administrator if you need it.</p>
      </div>
    );
  }
  // Expired impersonations are closed here so merchants' logs show when they ended.
  await closeExpiredImpersonations({ staffUserId: staff.id });
  const active = await activeImpersonationOf(staff.id);
  const raw = (await searchParams).q;
  const q = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? "";

  let hits: MerchantHit[] | null = null;
  let searchError: string | null = null;
  if (q) {
    try {
      hits = await searchMerchants(staff, { q });
    } catch (err) {
      if (!isServiceError(err)) throw err;
      searchError = err.fieldErrors?.q?.[0] ?? err.message;
    }
  }

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Support console</h1>
        <p className="mt-1 text-sm text-slate-600">
          Find a merchant and act in their account for up to {impersonationMinutes()} minutes. Every start, action and end is
          recorded in the merchant&apos;s audit log with your name and reason.
        </p>
      </div>

      {active ? (
        <div role="status" className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950">
          <p>
            You are impersonating <strong>{active.merchantName}</strong> until {formatTime(active.expiresAt)}. Reason: {active.reason}
          </p>
          <div className="mt-3 flex gap-2">
            {staff.impersonationId === active.id && (
              <Link href="/keys" className="inline-flex h-8 items-center rounded-md bg-amber-950 px-2.5 font-medium text-amber-50">
                Continue to {active.merchantName}
              </Link>
            )}
            <form action={endImpersonationAction}>
              <Button type="submit" variant="secondary" size="sm">
                End impersonation
              </Button>
            </form>
          </div>
        </div>
      ) : (
        staff.impersonationId && (
          <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
            Your last impersonation has ended.
          </p>
        )
      )}

      <form role="search" className="flex max-w-xl items-end gap-2" action="/support">
        <div className="min-w-0 flex-1 space-y-1">
          <label htmlFor="merchant-search" className="block text-sm font-medium text-slate-800">
            Search merchants
          </label>
          <Input id="merchant-search" name="q" defaultValue={q} placeholder="Name, merchant id (mer_…) or member email" />
        </div>
        <Button type="submit">
          <Search className="h-4 w-4" aria-hidden />
          Search
        </Button>
      </form>

      {searchError && (
        <p role="alert" className="text-sm text-red-700">
          {searchError}
        </p>
      )}

      {hits &&
        (hits.length === 0 ? (
          <p className="text-sm text-slate-600">No merchant matches “{q}”.</p>
        ) : (
          <DataTable columns={["Merchant", "Id", "Members", "Owners", ""]} caption={<>Merchants matching {q}</>}>
                {hits.map((m) => (
                  <tr key={m.id}>
                    <th scope="row" className="px-4 py-2 text-left font-medium">{m.name}</th>
                    <td className="px-4 py-2 font-mono text-xs text-slate-600">{m.id}</td>
                    <td className="px-4 py-2">{m.memberCount}</td>
                    <td className="px-4 py-2 text-slate-600">{m.owners.join(", ") || "—"}</td>
                    <td className="px-4 py-2 text-right">
                      <StartImpersonationButton merchant={{ id: m.id, name: m.name }} disabled={Boolean(active)} />
                    </td>
                  </tr>
                ))}
              </DataTable>
        ))}
    </div>
  );
}
