-- AlterTable
ALTER TABLE "Chat" ADD COLUMN "threadId" TEXT;

-- AlterTable
ALTER TABLE "Outbox" ADD COLUMN "threadId" TEXT;

-- CreateTable
CREATE TABLE "FailedEvent" (
    "id" SERIAL NOT NULL,
    "eventKey" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "media" TEXT NOT NULL DEFAULT '[]',
    "error" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'failed',
    "failedAt" TIMESTAMP(3) NOT NULL,
    "replayedAt" TIMESTAMP(3),

    CONSTRAINT "FailedEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "HolidayYear" (
    "year" INTEGER NOT NULL,
    "schedule" TEXT NOT NULL,
    "byId" INTEGER,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "HolidayYear_pkey" PRIMARY KEY ("year")
);

-- CreateIndex
CREATE UNIQUE INDEX "FailedEvent_eventKey_key" ON "FailedEvent"("eventKey");

-- CreateIndex
CREATE INDEX "FailedEvent_status_failedAt_idx" ON "FailedEvent"("status", "failedAt");
