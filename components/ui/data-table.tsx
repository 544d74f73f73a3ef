import { cn } from "@/lib/utils/cn";

/**
 * The table shell every list page uses: a card, an optional visually hidden
 * caption, and column headers (an empty label becomes a screen-reader-only
 * "Actions"). Rows go in as the table body. Below 640 px the rows become
 * cards (see .data-table in globals.css); cells with a data-label show it there.
 */
export function DataTable({
  columns,
  caption,
  children,
  bodyClassName,
  footer,
  pairs = false,
}: {
  columns: string[];
  caption?: React.ReactNode;
  children: React.ReactNode;
  bodyClassName?: string;
  /** Shown under the table, inside its card (e.g. "showing the newest 100"). */
  footer?: React.ReactNode;
  /** On phones, lay the labelled cells out two by two under the first one (every cell after it has a data-label). */
  pairs?: boolean;
}) {
  return (
    <div className="overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-slate-200" data-testid="data-table">
      <table className={cn("data-table min-w-full", pairs && "data-table-pairs", "divide-y divide-slate-200 text-sm")}>
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
          <tr>
            {columns.map((label, i) => (
              <th key={label || `actions-${i}`} scope="col" className="whitespace-nowrap px-4 py-3">
                {label || <span className="sr-only">Actions</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className={cn("divide-y divide-slate-100", bodyClassName)}>{children}</tbody>
      </table>
      {footer}
    </div>
  );
}
