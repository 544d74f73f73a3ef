"use client";

import { useEffect, useId, useRef, useState } from "react";
import { MoreHorizontal } from "lucide-react";
import { cn } from "@/lib/utils/cn";

type Position = { top?: number; bottom?: number; right: number };

/** Below the button, or above it when the window has no room below. */
function positionNear(button: HTMLElement | null, count: number): Position | null {
  const rect = button?.getBoundingClientRect();
  if (!rect) return null;
  const height = count * 34 + 10;
  const right = Math.max(8, window.innerWidth - rect.right);
  return rect.bottom + 4 + height > window.innerHeight && rect.top - 4 - height > 0
    ? { bottom: window.innerHeight - rect.top + 4, right }
    : { top: rect.bottom + 4, right };
}

export type RowMenuItem = { label: string; onSelect: () => void; danger?: boolean };

/**
 * A row's ⋯ menu (WAI-ARIA menu button): Enter, Space or a click opens it on
 * the first item; arrow keys, Home and End move; Escape closes and returns
 * focus to the button; Tab or a click elsewhere closes it. It is positioned
 * against the viewport, so a scrolling table never clips it.
 */
export function RowMenu({
  label,
  items,
  triggerRef,
}: {
  /** Accessible name of the ⋯ button, e.g. "Actions for Checkout server". */
  label: string;
  items: RowMenuItem[];
  /** Receives the ⋯ button, so dialogs opened from the menu can return focus to it. */
  triggerRef?: React.RefObject<HTMLButtonElement | null>;
}) {
  const [open, setOpen] = useState(false);
  const [position, setPosition] = useState<Position | null>(null);
  const ownRef = useRef<HTMLButtonElement>(null);
  const button = triggerRef ?? ownRef;
  const menu = useRef<HTMLDivElement>(null);
  const id = useId();

  const count = items.length;
  const place = () => setPosition(positionNear(button.current, count));

  function show() {
    place();
    setOpen(true);
  }

  useEffect(() => {
    if (!open) return;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus({ preventScroll: true });
    const close = (e: Event) => {
      if (menu.current?.contains(e.target as Node) || button.current?.contains(e.target as Node)) return;
      setOpen(false);
    };
    // The menu follows its button when the page scrolls or the window changes size.
    const follow = () => setPosition(positionNear(button.current, count));
    document.addEventListener("pointerdown", close);
    window.addEventListener("resize", follow);
    window.addEventListener("scroll", follow, true);
    return () => {
      document.removeEventListener("pointerdown", close);
      window.removeEventListener("resize", follow);
      window.removeEventListener("scroll", follow, true);
    };
  }, [open, button, count]);

  function onMenuKeyDown(e: React.KeyboardEvent) {
    const entries = Array.from(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? []);
    const at = entries.indexOf(document.activeElement as HTMLElement);
    const move = (i: number) => entries[(i + entries.length) % entries.length]?.focus({ preventScroll: true });
    if (e.key === "ArrowDown") move(at + 1);
    else if (e.key === "ArrowUp") move(at - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(entries.length - 1);
    else if (e.key === "Escape") {
      setOpen(false);
      button.current?.focus();
    } else if (e.key === "Tab") setOpen(false);
    else return;
    if (e.key !== "Tab") e.preventDefault();
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        aria-label={label}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => (open ? setOpen(false) : show())}
        onKeyDown={(e) => {
          if (e.key === "ArrowDown" || e.key === "ArrowUp") {
            e.preventDefault();
            show();
          }
        }}
        className="inline-flex h-8 w-8 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900"
      >
        <MoreHorizontal className="h-4 w-4" aria-hidden />
      </button>
      {open && (
        <div
          ref={menu}
          id={id}
          role="menu"
          aria-label={label}
          onKeyDown={onMenuKeyDown}
          style={position ?? { visibility: "hidden" }}
          className="fixed z-30 min-w-36 rounded-md bg-white py-1 text-left text-sm shadow-lg ring-1 ring-slate-200"
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              tabIndex={-1}
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
              className={cn(
                "block w-full px-3 py-1.5 text-left outline-none hover:bg-slate-100 focus:bg-slate-100",
                item.danger ? "text-red-700" : "text-slate-800",
              )}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </>
  );
}
