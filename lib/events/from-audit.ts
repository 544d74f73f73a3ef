import type { EventType } from "./types";

/**
 * Which events an audit action raises. Every change already writes its audit
 * event in its own transaction, so deriving the events there puts them in the
 * same transaction as the change.
 */
const BY_ACTION: Record<string, EventType[]> = {
  "api_key.created": ["api_key.created"],
  "api_key.updated": ["api_key.updated"],
  "api_key.rolled": ["api_key.rolled"],
  "api_key.revoked": ["api_key.revoked"],
  // Revoked after a leak report: both, so a subscriber to revocations misses none.
  "api_key.leak_reported_revoked": ["api_key.leaked", "api_key.revoked"],
  "api_key.used_from_new_ip": ["api_key.used_from_new_ip"],
  "api_key.disabled": ["api_key.disabled"],
  "api_key.enabled": ["api_key.enabled"],
  "credential.rotated": ["provider_credential.rotated"],
  "team.invite_accepted": ["team.member_added"],
  "team.member_removed": ["team.member_removed"],
  "team.member_left": ["team.member_removed"],
  "team.role_changed": ["team.member_role_changed"],
  "impersonation.started": ["impersonation.started"],
  "impersonation.ended": ["impersonation.ended"],
  "impersonation.expired": ["impersonation.ended"],
};

export function eventTypesForAudit(action: string): EventType[] {
  return BY_ACTION[action] ?? [];
}
