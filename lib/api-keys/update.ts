import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record";
import { now } from "@/lib/clock";
import { ServiceError, conflict } from "@/lib/errors";
import { effectiveScopes, type Scope } from "@/lib/permissions";
import { PUBLISHABLE_ALLOWLIST_ERROR, updateApiKeySchema, type UpdateApiKeyInput } from "@/lib/validations/api-key";
import { parseInput } from "@/lib/validations/parse";
import { authorize, findOwnKey, parseKeyId } from "./access";
import { keyTarget } from "./policy";
import { decodeKey, encodeKey, searchTextOf } from "./record";
import { keyStatus } from "./status";
import { toView, type ApiKeyView } from "./view";

/** The fields that changed, each as [before, after]. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  const changes: Record<string, [unknown, unknown]> = {};
  for (const [k, v] of Object.entries(after)) {
    if (JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = [before[k], v];
  }
  return changes;
}

export async function updateApiKey(actor: Actor, id: string, input: UpdateApiKeyInput): Promise<ApiKeyView> {
  const keyId = parseKeyId(id);
  const data = parseInput(updateApiKeySchema, input);
  const onlyLabels =
    data.permissions === undefined && data.expiresAt === undefined && data.metadata === undefined && data.allowedIps === undefined;
  return db.$transaction(async (tx) => {
    const row = await findOwnKey(tx, actor, keyId);
    const key = decodeKey(row);
    const permissions = data.permissions ? effectiveScopes(key.type, data.permissions as Scope[]) : undefined;
    authorize(actor, onlyLabels ? "edit_label" : "edit", keyTarget(key), { permissions });
    if (keyStatus(key, now()) === "revoked") throw conflict("A revoked key cannot be edited");
    if (data.permissions !== undefined && key.type !== "restricted") {
      throw new ServiceError("validation", "Only restricted keys have editable permissions", {
        permissions: [`A ${key.type} key's permissions are fixed`],
      });
    }
    if (data.permissions !== undefined && data.permissions.length === 0) {
      throw new ServiceError("validation", "Some fields are invalid", {
        permissions: ["A restricted key needs at least one permission"],
      });
    }
    if (data.allowedIps && key.type === "publishable") {
      throw new ServiceError("validation", "Some fields are invalid", { allowedIps: [PUBLISHABLE_ALLOWLIST_ERROR] });
    }
    const next = {
      name: data.name ?? key.name,
      description: data.description === undefined ? key.description : data.description || null,
      permissions: permissions ?? key.permissions,
      expiresAt: data.expiresAt === undefined ? key.expiresAt : data.expiresAt,
      metadata: data.metadata ?? key.metadata,
      allowedIps: data.allowedIps === undefined ? key.allowedIps : data.allowedIps,
    };
    const changes = diff(
      {
        name: key.name,
        description: key.description,
        permissions: key.permissions,
        expiresAt: key.expiresAt?.toISOString() ?? null,
        metadata: key.metadata,
        allowedIps: key.allowedIps,
      },
      { ...next, expiresAt: next.expiresAt?.toISOString() ?? null },
    );
    if (Object.keys(changes).length === 0) return toView(row);
    const updated = await tx.apiKey.update({
      where: { id: row.id },
      data: {
        name: next.name,
        description: next.description,
        permissions: encodeKey.permissions(next.permissions),
        expiresAt: next.expiresAt,
        metadata: encodeKey.metadata(next.metadata),
        allowedIps: encodeKey.allowedIps(next.allowedIps),
        searchText: searchTextOf(next.name, row.prefix),
      },
    });
    await recordAudit(tx, actor, { action: "api_key.updated", targetType: "api_key", targetId: row.id, changes });
    return toView(updated);
  });
}
