-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "attemptAt" TIMESTAMP(3);
