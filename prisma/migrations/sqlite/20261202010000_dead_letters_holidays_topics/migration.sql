-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "threadId" TEXT;

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "threadId" TEXT;

-- CreateTable
CREATE TABLE "FailedEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "media" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'failed',
    "failedAt" DATETIME NOT NULL,
    "replayedAt" DATETIME
);

-- CreateTable
CREATE TABLE "HolidayYear" (
    "year" INTEGER NOT NULL PRIMARY KEY,
    "schedule" TEXT NOT NULL,
    "byId" INTEGER,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "FailedEvent_eventKey_key" ON "FailedEvent"("eventKey");

-- CreateIndex
CREATE INDEX "FailedEvent_status_failedAt_idx" ON "FailedEvent"("status", "failedAt");
