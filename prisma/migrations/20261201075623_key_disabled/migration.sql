-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN "disabledAt" DATETIME;
