-- CreateTable
CREATE TABLE "Chase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "byId" INTEGER,
    "byName" TEXT NOT NULL,
    "request" TEXT NOT NULL DEFAULT '',
    "dueDay" TEXT,
    "at" DATETIME NOT NULL,
    "answeredAt" DATETIME,
    "answerReportId" INTEGER,
    CONSTRAINT "Chase_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Instruction" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "byId" INTEGER,
    "byName" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "followedUpAt" DATETIME,
    "followUpReportId" INTEGER,
    CONSTRAINT "Instruction_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Chase_itemId_idx" ON "Chase"("itemId");

-- CreateIndex
CREATE INDEX "Chase_answeredAt_idx" ON "Chase"("answeredAt");

-- CreateIndex
CREATE INDEX "Instruction_itemId_idx" ON "Instruction"("itemId");

-- CreateIndex
CREATE INDEX "Instruction_at_idx" ON "Instruction"("at");
