-- AlterTable
ALTER TABLE "Item" ADD COLUMN "lookbackAskedAt" DATETIME;
