-- CreateTable
CREATE TABLE "ApiKeySeenIp" (
    "keyId" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "firstSeenAt" DATETIME NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    PRIMARY KEY ("keyId", "ip"),
    CONSTRAINT "ApiKeySeenIp_keyId_fkey" FOREIGN KEY ("keyId") REFERENCES "ApiKey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
