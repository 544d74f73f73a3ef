import type { Environment, KeyType } from "@/lib/api-keys/format";

/** The scope catalog: resource × access. A write scope implies read. */
export const RESOURCES = [
  { id: "api_keys", label: "API keys", browserSafe: [] },
  { id: "applications", label: "Applications", browserSafe: [] },
  { id: "audit_events", label: "Audit events", browserSafe: [] },
  { id: "charges", label: "Charges", browserSafe: [] },
  { id: "customers", label: "Customers", browserSafe: [] },
  { id: "refunds", label: "Refunds", browserSafe: [] },
  { id: "payment_intents", label: "Payment intents", browserSafe: ["read"] },
  { id: "tokens", label: "Card tokens", browserSafe: ["write"] },
  { id: "webhooks", label: "Webhooks", browserSafe: [] },
] as const satisfies readonly { id: string; label: string; browserSafe: readonly ("read" | "write")[] }[];

export type Resource = (typeof RESOURCES)[number]["id"];
export type Access = "read" | "write";
export type Scope = `${Resource}:${Access}`;

export const ALL_SCOPES: Scope[] = RESOURCES.flatMap((r) => [`${r.id}:read`, `${r.id}:write`] as Scope[]);

/** What a browser may do with a publishable key. */
export const PUBLISHABLE_SCOPES: Scope[] = RESOURCES.flatMap((r) =>
  (r.browserSafe as readonly Access[]).map((a) => `${r.id}:${a}` as Scope),
);

/** The scopes a key of this type holds, given what was asked for (only restricted keys choose). */
export function effectiveScopes(type: KeyType, requested: readonly Scope[]): Scope[] {
  if (type === "secret") return [...ALL_SCOPES];
  if (type === "publishable") return [...PUBLISHABLE_SCOPES];
  const set = new Set(requested);
  return ALL_SCOPES.filter((s) => set.has(s));
}

export function hasScope(granted: readonly string[], resource: Resource, access: Access): boolean {
  return granted.includes(`${resource}:${access}`) || (access === "read" && granted.includes(`${resource}:write`));
}

export function summarizeScopes(type: KeyType, scopes: readonly string[]): string {
  if (type === "secret") return "All permissions";
  if (type === "publishable") return "Browser-safe only";
  if (scopes.length === 0) return "No permissions";
  return `${scopes.length} permission${scopes.length === 1 ? "" : "s"}`;
}

export type AccessLevel = "none" | Access;

/** Each resource of the catalog and the access the scopes give to it (write implies read), in catalog order. */
export function accessByResource(scopes: readonly string[]): { id: Resource; label: string; access: AccessLevel }[] {
  return RESOURCES.map((r) => ({
    id: r.id,
    label: r.label,
    access: hasScope(scopes, r.id, "write") ? "write" : hasScope(scopes, r.id, "read") ? "read" : "none",
  }));
}

/** Whether the scopes write every resource (a secret key, or a restricted key given everything). */
export function hasFullAccess(scopes: readonly string[]): boolean {
  return RESOURCES.every((r) => hasScope(scopes, r.id, "write"));
}

/** Merchant team roles, from most to least powerful. */
export const ROLES = ["owner", "admin", "developer", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Owners and admins manage every key; developers manage test keys; viewers only read. */
export function canManageKeys(role: Role, environment: Environment): boolean {
  if (role === "owner" || role === "admin") return true;
  if (role === "developer") return environment === "test";
  return false;
}

export function canManageTeam(role: Role): boolean {
  return role === "owner" || role === "admin";
}

/** Webhook endpoints decide where a merchant's events go: managed like keys of their environment. */
export function canManageWebhooks(role: Role, environment: Environment): boolean {
  return canManageKeys(role, environment);
}

export function canManageApplications(role: Role, environment: Environment): boolean {
  return canManageKeys(role, environment);
}

/**
 * The one line a page shows where it hides controls from the member, or
 * null when nothing is hidden. `area` names what the page manages.
 */
export function hiddenControlsNotice(
  member: { role: Role; impersonating: boolean },
  area: { kind: "keys" | "applications"; environment: Environment } | { kind: "team" },
): string | null {
  if (member.impersonating) {
    return area.kind === "keys"
      ? "Support access: you can revoke keys, but not create, reveal or roll secrets."
      : null;
  }
  if (area.kind === "team") {
    return canManageTeam(member.role) ? null : `Your role (${member.role}) can view the team; an owner or admin can invite and change members.`;
  }
  const what = area.kind;
  if (canManageKeys(member.role, area.environment)) return null;
  if (member.role === "developer") {
    return `Developers manage test ${what}; an owner or admin can create and change live ${what}.`;
  }
  return `Your role (${member.role}) can view ${what}; an owner or admin can create and change them.`;
}
