"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { plural } from "@/lib/utils/format";

export function Pagination({ page, pageCount, total, pageSize }: { page: number; pageCount: number; total: number; pageSize: number }) {
  const pathname = usePathname();
  const params = useSearchParams();
  const href = (p: number) => {
    const next = new URLSearchParams(params.toString());
    next.set("page", String(p));
    return `${pathname}?${next.toString()}`;
  };
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const link = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-slate-300 bg-white hover:bg-slate-50";
  return (
    <nav aria-label="Pagination" className="flex items-center justify-between text-sm text-slate-600">
      <p>
        {total === 0 ? "No keys" : `${from}–${to} of ${plural(total, "key")}`}
      </p>
      <div className="flex gap-2">
        {page > 1 ? (
          <Link className={link} href={href(page - 1)} rel="prev">
            Previous
          </Link>
        ) : null}
        <span className="px-2 py-1.5">
          Page {page} of {pageCount}
        </span>
        {page < pageCount ? (
          <Link className={link} href={href(page + 1)} rel="next">
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
