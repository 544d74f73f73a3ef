-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "environment" TEXT;

-- CreateIndex
CREATE INDEX "AuditEvent_merchantId_environment_createdAt_idx" ON "AuditEvent"("merchantId", "environment", "createdAt");

-- Backfill: events about keys, applications, credentials and refresh chains take their environment, others stay null
UPDATE "AuditEvent" SET "environment" = (SELECT k."environment" FROM "ApiKey" k WHERE k."id" = "AuditEvent"."targetId")
  WHERE "targetType" = 'api_key';
UPDATE "AuditEvent" SET "environment" = (SELECT a."environment" FROM "Application" a WHERE a."id" = "AuditEvent"."targetId")
  WHERE "targetType" = 'application';
UPDATE "AuditEvent" SET "environment" = (
    SELECT a."environment" FROM "ProviderCredential" c JOIN "Application" a ON a."id" = c."applicationId" WHERE c."id" = "AuditEvent"."targetId")
  WHERE "targetType" = 'provider_credential';
UPDATE "AuditEvent" SET "environment" = (
    SELECT k."environment" FROM "ApiKey" k WHERE k."refreshChainId" = "AuditEvent"."targetId" LIMIT 1)
  WHERE "targetType" = 'refresh_chain';
