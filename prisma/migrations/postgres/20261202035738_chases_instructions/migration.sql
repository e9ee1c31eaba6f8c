-- CreateTable
CREATE TABLE "Chase" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "byId" INTEGER,
    "byName" TEXT NOT NULL,
    "request" TEXT NOT NULL DEFAULT '',
    "dueDay" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "answeredAt" TIMESTAMP(3),
    "answerReportId" INTEGER,

    CONSTRAINT "Chase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Instruction" (
    "id" SERIAL NOT NULL,
    "itemId" INTEGER NOT NULL,
    "byId" INTEGER,
    "byName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "followedUpAt" TIMESTAMP(3),
    "followUpReportId" INTEGER,

    CONSTRAINT "Instruction_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Chase_itemId_idx" ON "Chase"("itemId");

-- CreateIndex
CREATE INDEX "Chase_answeredAt_idx" ON "Chase"("answeredAt");

-- CreateIndex
CREATE INDEX "Instruction_itemId_idx" ON "Instruction"("itemId");

-- CreateIndex
CREATE INDEX "Instruction_at_idx" ON "Instruction"("at");

-- AddForeignKey
ALTER TABLE "Chase" ADD CONSTRAINT "Chase_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Instruction" ADD CONSTRAINT "Instruction_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id") ON DELETE CASCADE ON UPDATE CASCADE;
