-- AlterTable
ALTER TABLE "Item" ADD COLUMN "lat" REAL;
ALTER TABLE "Item" ADD COLUMN "lon" REAL;

-- AlterTable
ALTER TABLE "Photo" ADD COLUMN "placeMeters" INTEGER;
