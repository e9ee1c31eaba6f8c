-- AlterTable
ALTER TABLE "Item" ADD COLUMN "lookbackAskedAt" TIMESTAMP(3);
