/**
 * A cheap fingerprint of the tables a refused request must leave alone: one
 * hash per table over every row's security-relevant columns. Columns that
 * merely record use (last used at/from, usage counters, updatedAt bumped by
 * them) are left out, so an authenticated refusal still fingerprints the same.
 */
import { createHash } from "node:crypto";

// The Prisma client of the server's database; typed loosely so this works for either generated client.
type Db = {
  [model: string]: { findMany(args: unknown): Promise<Record<string, unknown>[]> };
};

const TABLES: Record<string, { select: string[]; orderBy?: string }> = {
  apiKey: {
    select: [
      "id", "merchantId", "name", "description", "type", "environment", "permissions", "metadata", "secretHash",
      "publicValue", "pendingSecret", "revealedAt", "expiresAt", "revokedAt", "disabledAt", "rolledFromId", "replacedById",
      "refreshable", "refreshChainId", "allowedIps",
    ],
  },
  auditEvent: { select: ["id", "merchantId", "action", "targetId", "actorId"] },
  application: { select: ["id", "merchantId", "name", "description", "environment"] },
  providerCredential: { select: ["id", "applicationId", "provider", "publicFields", "ciphertext", "wrappedKey", "mask", "rotatedAt"] },
  membership: { select: ["id", "userId", "merchantId", "role"] },
  invite: { select: ["id", "merchantId", "email", "role", "tokenHash", "acceptedAt", "revokedAt"] },
  impersonationSession: { select: ["id", "staffUserId", "merchantId", "endedAt", "expiresAt"] },
  refreshToken: { select: ["id", "apiKeyId", "tokenHash", "usedAt", "revokedAt"] },
  user: { select: ["id", "email", "passwordHash", "staffRole", "totpSecret", "totpEnabledAt", "passwordChangedAt"] },
  merchant: { select: ["id", "name", "requireSecondFactor"] },
  userSession: { select: ["id", "userId", "endedAt", "secondFactorPending", "expiresAt"] },
  recoveryCode: { select: ["id", "userId", "codeHash", "usedAt"] },
  passkey: { select: ["id", "userId", "credentialId", "publicKey", "counter"] },
  notificationDismissal: { select: ["merchantId", "notificationId"], orderBy: "notificationId" },
  notificationPreference: { select: ["membershipId", "emailEvents"], orderBy: "membershipId" },
  // Configuration only: the worker records delivery outcomes (failingSince) in the background.
  webhookEndpoint: { select: ["id", "merchantId", "environment", "url", "description", "eventTypes", "disabledAt", "secret", "previousSecret"] },
};

export type Fingerprint = Record<string, string>;

export async function fingerprint(db: unknown): Promise<Fingerprint> {
  const client = db as Db;
  const entries = await Promise.all(
    Object.entries(TABLES).map(async ([model, { select, orderBy = "id" }]) => {
      const rows = await client[model]!.findMany({
        select: Object.fromEntries(select.map((c) => [c, true])),
        orderBy: { [orderBy]: "asc" },
      });
      const hash = createHash("sha256");
      for (const row of rows) hash.update(JSON.stringify(select.map((c) => row[c] ?? null))).update("\n");
      return [model, `${rows.length}:${hash.digest("hex").slice(0, 16)}`] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** The tables whose fingerprints differ. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys(before).filter((t) => before[t] !== after[t]);
}
