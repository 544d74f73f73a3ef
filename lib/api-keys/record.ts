import type { ApiKey } from "@/lib/generated/sqlite/client";
import { asEnvironment, asKeyType, type Environment, type KeyType } from "./kinds";
import { decodeAllowlist } from "./ip-allowlist";
import { decodeMetadata, decodePermissions } from "./json-columns";

export { decodeMetadata, decodePermissions };

/**
 * A key row with its columns decoded once: the type and environment as
 * their unions, permissions, metadata and allowlist from their JSON columns.
 * Everything past the database reads this, never the raw strings.
 */
export type KeyRecord = Omit<ApiKey, "type" | "environment" | "permissions" | "metadata" | "allowedIps"> & {
  type: KeyType;
  environment: Environment;
  permissions: string[];
  metadata: Record<string, string>;
  /** IP addresses and CIDR ranges the key may be used from; null for any. */
  allowedIps: string[] | null;
};

export function decodeKey(row: ApiKey): KeyRecord {
  return {
    ...row,
    type: asKeyType(row.type),
    environment: asEnvironment(row.environment),
    permissions: decodePermissions(row.permissions),
    metadata: decodeMetadata(row.metadata),
    allowedIps: decodeAllowlist(row.allowedIps),
  };
}

/** The JSON columns as stored. */
export const encodeKey = {
  permissions: (permissions: readonly string[]) => JSON.stringify(permissions),
  metadata: (metadata: Record<string, string>) => JSON.stringify(metadata),
  allowedIps: (allowedIps: readonly string[] | null | undefined) => (allowedIps?.length ? JSON.stringify(allowedIps) : null),
};

/** The free-text search column: name and prefix, lower-cased. */
export const searchTextOf = (name: string, prefix: string) => `${name} ${prefix}`.toLowerCase();
