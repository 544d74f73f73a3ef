import type { AuditEventView } from "@/lib/audit-log";

/**
 * One CSV cell. Spreadsheets run cells that start with = + - @ (or a tab
 * or carriage return) as formulas, so such cells get a leading apostrophe;
 * every cell is quoted, with quotes doubled.
 */
export function csvCell(value: unknown): string {
  let s = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export const AUDIT_CSV_COLUMNS = [
  "id",
  "created_at",
  "actor_type",
  "actor",
  "actor_id",
  "impersonator_id",
  "impersonation_id",
  "action",
  "target_type",
  "target_id",
  "reason",
  "changes",
  "ip",
  "user_agent",
] as const;

export function auditCsvRow(e: AuditEventView): string {
  return [
    e.id,
    e.createdAt.toISOString(),
    e.actorType,
    e.actorLabel,
    e.actorId,
    e.impersonatorId,
    e.impersonationId,
    e.action,
    e.targetType,
    e.targetId,
    e.reason,
    JSON.stringify(e.changes),
    e.ip,
    e.userAgent,
  ]
    .map(csvCell)
    .join(",");
}

export function auditCsv(events: AuditEventView[]): string {
  return [AUDIT_CSV_COLUMNS.join(","), ...events.map(auditCsvRow)].join("\r\n") + "\r\n";
}
