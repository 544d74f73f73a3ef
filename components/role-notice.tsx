import { Info } from "lucide-react";

/** One line saying why some controls are not on this page (see hiddenControlsNotice). */
export function RoleNotice({ children }: { children: React.ReactNode }) {
  return (
    <p role="note" data-testid="role-notice" className="flex items-start gap-2 rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700">
      <Info className="mt-0.5 h-4 w-4 shrink-0" aria-hidden />
      <span>{children}</span>
    </p>
  );
}
