-- CreateTable
CREATE TABLE "NotificationDismissal" (
    "merchantId" TEXT NOT NULL,
    "notificationId" TEXT NOT NULL,
    "dismissedAt" DATETIME NOT NULL,
    "dismissedBy" TEXT NOT NULL,

    PRIMARY KEY ("merchantId", "notificationId")
);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "membershipId" TEXT NOT NULL PRIMARY KEY,
    "emailEvents" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "NotificationPreference_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NotificationEmail" (
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "sentAt" DATETIME,

    PRIMARY KEY ("eventId", "userId")
);
