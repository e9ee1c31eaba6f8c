-- AlterTable
ALTER TABLE "Item" ADD COLUMN "place" TEXT;
