-- CreateIndex
CREATE INDEX "ApiKey_merchantId_environment_expiresAt_idx" ON "ApiKey"("merchantId", "environment", "expiresAt");
