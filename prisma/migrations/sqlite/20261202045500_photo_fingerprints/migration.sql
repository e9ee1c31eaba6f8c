-- AlterTable
ALTER TABLE "Photo" ADD COLUMN "clearReason" TEXT;
ALTER TABLE "Photo" ADD COLUMN "clearedAt" DATETIME;
ALTER TABLE "Photo" ADD COLUMN "clearedById" INTEGER;
ALTER TABLE "Photo" ADD COLUMN "fingerprint" TEXT;
ALTER TABLE "Photo" ADD COLUMN "matchKind" TEXT;
ALTER TABLE "Photo" ADD COLUMN "matchPhotoId" INTEGER;
