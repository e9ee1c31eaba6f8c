-- AlterTable
ALTER TABLE "Item" ADD COLUMN     "seq" TEXT,
ADD COLUMN     "sheetOrder" INTEGER,
ADD COLUMN     "signedOffVia" TEXT;
