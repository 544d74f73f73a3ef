-- AlterTable
ALTER TABLE "User" ADD COLUMN "passwordChangedAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "totpEnabledAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "totpSecret" TEXT;

-- CreateTable
CREATE TABLE "UserSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastSeenAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "endedAt" DATETIME,
    "endReason" TEXT,
    "ip" TEXT,
    "userAgent" TEXT,
    "secondFactorPending" BOOLEAN NOT NULL DEFAULT false,
    "verifiedAt" DATETIME NOT NULL,
    "verifiedBy" TEXT NOT NULL,
    "challenge" TEXT,
    "challengeExpiresAt" DATETIME,
    CONSTRAINT "UserSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecoveryCode" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "codeHash" TEXT NOT NULL,
    "usedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RecoveryCode_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Passkey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "credentialId" TEXT NOT NULL,
    "publicKey" TEXT NOT NULL,
    "counter" INTEGER NOT NULL DEFAULT 0,
    "transports" TEXT NOT NULL DEFAULT '[]',
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" DATETIME,
    CONSTRAINT "Passkey_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Merchant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "requireSecondFactor" BOOLEAN NOT NULL DEFAULT false
);
INSERT INTO "new_Merchant" ("createdAt", "id", "name") SELECT "createdAt", "id", "name" FROM "Merchant";
DROP TABLE "Merchant";
ALTER TABLE "new_Merchant" RENAME TO "Merchant";
CREATE TABLE "new_ApiKey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "merchantId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "type" TEXT NOT NULL,
    "environment" TEXT NOT NULL,
    "permissions" TEXT NOT NULL,
    "metadata" TEXT NOT NULL DEFAULT '{}',
    "prefix" TEXT NOT NULL,
    "searchText" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "hashVersion" TEXT NOT NULL,
    "publicValue" TEXT,
    "pendingSecret" TEXT,
    "pendingSecretExpiresAt" DATETIME,
    "revealedAt" DATETIME,
    "expiresAt" DATETIME,
    "revokedAt" DATETIME,
    "rolledFromId" TEXT,
    "replacedById" TEXT,
    "createdByUserId" TEXT,
    "createdByKeyId" TEXT,
    "createdByLabel" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "lastUsedAt" DATETIME,
    "lastUsedIp" TEXT,
    "refreshable" BOOLEAN NOT NULL DEFAULT false,
    "refreshChainId" TEXT,
    "allowedIps" TEXT,
    "lastDeniedAt" DATETIME,
    "lastDeniedIp" TEXT,
    "deniedCount" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ApiKey_merchantId_fkey" FOREIGN KEY ("merchantId") REFERENCES "Merchant" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ApiKey" ("createdAt", "createdByLabel", "createdByUserId", "description", "environment", "expiresAt", "hashVersion", "id", "lastUsedAt", "lastUsedIp", "merchantId", "metadata", "name", "pendingSecret", "pendingSecretExpiresAt", "permissions", "prefix", "publicValue", "refreshChainId", "refreshable", "replacedById", "revealedAt", "revokedAt", "rolledFromId", "searchText", "secretHash", "type", "updatedAt") SELECT "createdAt", "createdByLabel", "createdByUserId", "description", "environment", "expiresAt", "hashVersion", "id", "lastUsedAt", "lastUsedIp", "merchantId", "metadata", "name", "pendingSecret", "pendingSecretExpiresAt", "permissions", "prefix", "publicValue", "refreshChainId", "refreshable", "replacedById", "revealedAt", "revokedAt", "rolledFromId", "searchText", "secretHash", "type", "updatedAt" FROM "ApiKey";
DROP TABLE "ApiKey";
ALTER TABLE "new_ApiKey" RENAME TO "ApiKey";
CREATE UNIQUE INDEX "ApiKey_secretHash_key" ON "ApiKey"("secretHash");
CREATE UNIQUE INDEX "ApiKey_replacedById_key" ON "ApiKey"("replacedById");
CREATE INDEX "ApiKey_merchantId_environment_createdAt_idx" ON "ApiKey"("merchantId", "environment", "createdAt");
CREATE INDEX "ApiKey_pendingSecretExpiresAt_idx" ON "ApiKey"("pendingSecretExpiresAt");
CREATE INDEX "ApiKey_refreshChainId_idx" ON "ApiKey"("refreshChainId");
CREATE TABLE "new_IdempotencyRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "merchantId" TEXT NOT NULL,
    "keyId" TEXT NOT NULL DEFAULT '',
    "idempotencyKey" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "responseBody" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL
);
INSERT INTO "new_IdempotencyRecord" ("createdAt", "expiresAt", "id", "idempotencyKey", "merchantId", "method", "path", "requestHash", "responseBody", "status") SELECT "createdAt", "expiresAt", "id", "idempotencyKey", "merchantId", "method", "path", "requestHash", "responseBody", "status" FROM "IdempotencyRecord";
DROP TABLE "IdempotencyRecord";
ALTER TABLE "new_IdempotencyRecord" RENAME TO "IdempotencyRecord";
CREATE INDEX "IdempotencyRecord_expiresAt_idx" ON "IdempotencyRecord"("expiresAt");
CREATE UNIQUE INDEX "IdempotencyRecord_merchantId_keyId_idempotencyKey_key" ON "IdempotencyRecord"("merchantId", "keyId", "idempotencyKey");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "UserSession_userId_endedAt_idx" ON "UserSession"("userId", "endedAt");

-- CreateIndex
CREATE INDEX "RecoveryCode_userId_idx" ON "RecoveryCode"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "Passkey_credentialId_key" ON "Passkey"("credentialId");

-- CreateIndex
CREATE INDEX "Passkey_userId_idx" ON "Passkey"("userId");
