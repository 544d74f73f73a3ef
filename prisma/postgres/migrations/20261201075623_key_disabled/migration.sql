-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "disabledAt" TIMESTAMP(3);
