"use client";

import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { useActionMutation } from "@/components/hooks/use-action-mutation";
import { formatDateTime } from "@/lib/utils/format";
import { revokeOtherSessionsAction, revokeSessionAction } from "../../actions";

type Row = { id: string; createdAt: string; lastSeenAt: string; ip: string | null; browser: string; current: boolean };

const when = (iso: string) => formatDateTime(new Date(iso));

export function SessionsList({ sessions }: { sessions: Row[] }) {
  const endOne = useActionMutation(revokeSessionAction, { success: "Session ended" });
  const endOthers = useActionMutation(revokeOtherSessionsAction, {
    success: (d) => (d.ended === 1 ? "Ended 1 other session" : `Ended ${d.ended} other sessions`),
  });
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="space-y-4">
      <ul className="divide-y divide-slate-200 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" aria-label="Active sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
            <div className="min-w-48 flex-1">
              <p className="flex items-center gap-2 font-medium text-slate-900">
                {s.browser}
                {s.current && <Badge tone="green">This session</Badge>}
              </p>
              <p className="text-sm text-slate-600">IP address {s.ip ?? "unknown"}</p>
            </div>
            <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm text-slate-600">
              <dt>Signed in</dt>
              <dd>{when(s.createdAt)}</dd>
              <dt>Last seen</dt>
              <dd>{when(s.lastSeenAt)}</dd>
            </dl>
            {!s.current && (
              <Button
                size="sm"
                variant="secondary"
                aria-label={`End session: ${s.browser}, signed in ${when(s.createdAt)}`}
                disabled={endOne.isPending}
                onClick={() => endOne.mutate(s.id)}
              >
                End session
              </Button>
            )}
          </li>
        ))}
      </ul>
      <Button variant="danger" disabled={others === 0 || endOthers.isPending} onClick={() => endOthers.mutate(undefined)}>
        {endOthers.isPending ? "Ending…" : "End all other sessions"}
      </Button>
    </div>
  );
}
