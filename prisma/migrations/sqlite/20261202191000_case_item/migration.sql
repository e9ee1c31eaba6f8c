-- AlterTable
ALTER TABLE "PetitionCase" ADD COLUMN "itemId" INTEGER;

-- CreateIndex
CREATE INDEX "PetitionCase_itemId_idx" ON "PetitionCase"("itemId");
