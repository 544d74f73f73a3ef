-- CreateTable
CREATE TABLE "ApiKeySeenIp" (
    "keyId" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "firstSeenAt" TIMESTAMP(3) NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ApiKeySeenIp_pkey" PRIMARY KEY ("keyId","ip")
);

-- AddForeignKey
ALTER TABLE "ApiKeySeenIp" ADD CONSTRAINT "ApiKeySeenIp_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey"("id") ON DELETE CASCADE ON UPDATE CASCADE;
