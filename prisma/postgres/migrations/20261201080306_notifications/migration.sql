-- CreateTable
CREATE TABLE "NotificationDismissal" (
    "merchantId" TEXT NOT NULL,
    "notificationId" TEXT NOT NULL,
    "dismissedAt" TIMESTAMP(3) NOT NULL,
    "dismissedBy" TEXT NOT NULL,

    CONSTRAINT "NotificationDismissal_pkey" PRIMARY KEY ("merchantId","notificationId")
);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "membershipId" TEXT NOT NULL,
    "emailEvents" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("membershipId")
);

-- CreateTable
CREATE TABLE "NotificationEmail" (
    "eventId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "sentAt" TIMESTAMP(3),

    CONSTRAINT "NotificationEmail_pkey" PRIMARY KEY ("eventId","userId")
);

-- AddForeignKey
ALTER TABLE "NotificationPreference" ADD CONSTRAINT "NotificationPreference_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;
