"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState, useTransition } from "react";
import { Search } from "lucide-react";
import { cn } from "@/lib/utils/cn";
import { Input, Select } from "@/components/ui/field";
import { Button } from "@/components/ui/button";

/** Environment switch, status filter and search; all of it lives in the URL, so views can be shared. */
export function KeysToolbar({ environment, status, q }: { environment: string; status: string; q: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [search, setSearch] = useState(q);
  const [pending, start] = useTransition();

  function go(changes: Record<string, string | null>) {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(changes)) {
      if (v === null || v === "") next.delete(k);
      else next.set(k, v);
    }
    next.delete("page");
    start(() => router.push(`${pathname}?${next.toString()}`));
  }

  return (
    <div className="flex flex-wrap items-center gap-3" aria-busy={pending}>
      <div role="group" aria-label="Environment" className="inline-flex rounded-md bg-slate-200 p-0.5">
        {(["test", "live"] as const).map((env) => (
          <button
            key={env}
            type="button"
            aria-pressed={environment === env}
            onClick={() => go({ environment: env })}
            className={cn(
              "rounded px-3 py-1 text-sm font-medium capitalize",
              environment === env ? "bg-white shadow-sm" : "text-slate-600 hover:text-slate-900",
            )}
          >
            {env === "test" ? "Test mode" : "Live mode"}
          </button>
        ))}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <span className="text-slate-600">Status</span>
        <Select className="w-48" value={status} onChange={(e) => go({ status: e.target.value === "current" ? null : e.target.value })}>
          <option value="current">Not revoked or expired</option>
          <option value="all">All</option>
          <option value="active">Active</option>
          <option value="expiring">Expiring</option>
          <option value="disabled">Disabled</option>
          <option value="expired">Expired</option>
          <option value="revoked">Revoked</option>
        </Select>
      </label>
      <form
        role="search"
        className="flex w-full items-center gap-2 sm:ml-auto sm:w-auto"
        onSubmit={(e) => {
          e.preventDefault();
          go({ q: search.trim() || null });
        }}
      >
        <label className="sr-only" htmlFor="key-search">
          Search keys
        </label>
        <Input
          id="key-search"
          className="w-full sm:w-64"
          placeholder="Search by name or prefix"
          value={search}
          maxLength={100}
          onChange={(e) => setSearch(e.target.value)}
        />
        <Button type="submit" variant="secondary" aria-label="Search">
          <Search className="h-4 w-4" aria-hidden />
        </Button>
      </form>
    </div>
  );
}
