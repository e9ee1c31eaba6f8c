-- AlterTable
ALTER TABLE "Photo" ADD COLUMN     "clearReason" TEXT,
ADD COLUMN     "clearedAt" TIMESTAMP(3),
ADD COLUMN     "clearedById" INTEGER,
ADD COLUMN     "fingerprint" TEXT,
ADD COLUMN     "matchKind" TEXT,
ADD COLUMN     "matchPhotoId" INTEGER;
