import { navigationStarted } from "@/components/navigation-progress";

/** Next.js calls this when a client-side navigation starts (a link, router.push, back or forward). */
export function onRouterTransitionStart(url: string) {
  navigationStarted(url);
}
