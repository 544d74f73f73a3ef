-- CreateIndex
CREATE INDEX "ApiKey_merchantId_environment_revokedAt_createdAt_expiresAt_idx" ON "ApiKey"("merchantId", "environment", "revokedAt", "createdAt", "expiresAt");
