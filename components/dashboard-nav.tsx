"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useState } from "react";
import { Menu, X } from "lucide-react";
import { cn } from "@/lib/utils/cn";

const LINKS = [
  { href: "/keys", label: "API keys" },
  { href: "/applications", label: "Applications" },
  { href: "/webhooks", label: "Webhooks" },
  { href: "/team", label: "Team" },
  { href: "/audit", label: "Audit log" },
];

/**
 * The dashboard's main navigation and the signed-in user's links (account).
 * From 768 px they sit in the header; below, a Menu button discloses them.
 */
export function DashboardNav({ account }: { account: React.ReactNode }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const links = (vertical: boolean) =>
    LINKS.map((l) => {
      const active = pathname === l.href || pathname.startsWith(`${l.href}/`);
      return (
        <Link
          key={l.href}
          href={l.href}
          aria-current={active ? "page" : undefined}
          onClick={() => setOpen(false)}
          className={cn(
            "rounded-md px-2.5 py-1.5 text-sm font-medium",
            vertical && "block py-2",
            active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100",
          )}
        >
          {l.label}
        </Link>
      );
    });

  return (
    <>
      <nav aria-label="Main" className="hidden gap-1 md:flex">
        {links(false)}
      </nav>
      <div className="ml-auto hidden items-center gap-3 text-sm text-slate-600 md:flex">{account}</div>
      <button
        type="button"
        className="ml-auto inline-flex items-center gap-1.5 rounded-md px-2.5 py-1.5 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 md:hidden"
        aria-expanded={open}
        aria-controls="mobile-menu"
        onClick={() => setOpen((o) => !o)}
      >
        {open ? <X className="h-4 w-4" aria-hidden /> : <Menu className="h-4 w-4" aria-hidden />}
        Menu
      </button>
      {open && (
        <div id="mobile-menu" className="w-full border-t border-slate-200 pt-2 md:hidden">
          <nav aria-label="Main" className="flex flex-col gap-0.5">
            {links(true)}
          </nav>
          <div className="mt-2 flex flex-wrap items-center gap-3 border-t border-slate-200 pt-2 text-sm text-slate-600">{account}</div>
        </div>
      )}
    </>
  );
}
