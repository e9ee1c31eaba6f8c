-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "attemptAt" DATETIME;
