"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useEffect, useState, useSyncExternalStore } from "react";

/*
 * A thin bar along the top of the window while something is on its way:
 * a page after a link or a router.push (reported by instrumentation-client
 * through navigationStarted), or a server action run by useActionMutation
 * and the refresh that follows it (reported through beginProgress).
 */

let pending = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => void listeners.delete(l);
};

/** Shows the bar until the returned function is called (more calls do nothing). */
export function beginProgress(): () => void {
  pending += 1;
  emit();
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    pending -= 1;
    emit();
  };
}

/** Shows the bar while `active` is true, e.g. a transition's isPending. */
export function useProgress(active: boolean) {
  useEffect(() => (active ? beginProgress() : undefined), [active]);
}

// A navigation ends when the new URL is rendered; one that never gets there
// (a redirect back to the same page) lets go of the bar after a while.
const NAVIGATION_GIVE_UP_MS = 20_000;
let navigation: { end: () => void; timer: ReturnType<typeof setTimeout> } | null = null;

function navigationArrived() {
  if (!navigation) return;
  clearTimeout(navigation.timer);
  navigation.end();
  navigation = null;
}

/** A client-side navigation to `href` has started (called from instrumentation-client). */
export function navigationStarted(href: string) {
  const url = new URL(href, window.location.href);
  // The same page, or only its #fragment: the path and query will not change, so nothing would end the bar.
  if (url.pathname === window.location.pathname && url.search === window.location.search) return;
  if (navigation) clearTimeout(navigation.timer);
  navigation = { end: navigation?.end ?? beginProgress(), timer: setTimeout(navigationArrived, NAVIGATION_GIVE_UP_MS) };
}

function NavigationEnd() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  useEffect(() => navigationArrived(), [pathname, search]);
  return null;
}

// Quick work shows no bar at all; a bar that ends fills up and fades out.
const SHOW_AFTER_MS = 150;
const SETTLE_MS = 80;
const FADE_MS = 300;

type Phase = "hidden" | "running" | "finishing";

export function NavigationProgress() {
  const active = useSyncExternalStore(subscribe, () => pending > 0, () => false);
  const [phase, setPhase] = useState<Phase>("hidden");

  useEffect(() => {
    if (active) {
      const show = setTimeout(() => setPhase("running"), SHOW_AFTER_MS);
      return () => clearTimeout(show);
    }
    // A short settle time bridges the gap between an action and the refresh that follows it.
    const finish = setTimeout(() => setPhase((p) => (p === "hidden" ? p : "finishing")), SETTLE_MS);
    const hide = setTimeout(() => setPhase("hidden"), SETTLE_MS + FADE_MS);
    return () => {
      clearTimeout(finish);
      clearTimeout(hide);
    };
  }, [active]);

  return (
    <>
      <Suspense fallback={null}>
        <NavigationEnd />
      </Suspense>
      {phase !== "hidden" && (
        <div
          className="pointer-events-none fixed inset-x-0 top-0 z-[100] h-[3px]"
          {...(phase === "running" ? { role: "progressbar", "aria-label": "Loading" } : { "aria-hidden": true })}
        >
          <div className={phase === "running" ? "progress-bar-running" : "progress-bar-finishing"} />
        </div>
      )}
    </>
  );
}
