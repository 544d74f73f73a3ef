import type { AuditEventView } from "@/lib/audit/query";
import type { AuditNames } from "@/lib/audit/changes";
import { describeAuditEvent } from "@/lib/audit/describe";

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
  "summary",
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

/** One event as a CSV line; `names` (from resolveAuditNames) names its key, application or member in the summary. */
export function auditCsvRow(e: AuditEventView, names: AuditNames = {}): string {
  return [
    e.id,
    e.createdAt.toISOString(),
    describeAuditEvent(e, names),
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

export function auditCsv(events: AuditEventView[], names: AuditNames = {}): string {
  return [AUDIT_CSV_COLUMNS.join(","), ...events.map((e) => auditCsvRow(e, names))].join("\r\n") + "\r\n";
}
