-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "chainSeq" INTEGER;
ALTER TABLE "AuditEvent" ADD COLUMN "hash" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "mark" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "prevHash" TEXT;

-- CreateTable
CREATE TABLE "AuditChainStart" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "legacyMaxId" INTEGER NOT NULL,
    "legacyCount" INTEGER NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_mark_key" ON "AuditEvent"("mark");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_chainSeq_key" ON "AuditEvent"("chainSeq");

-- The rows before the chain: they have no mark, and the first seal chains them as they are.
-- A later insert gets a higher id, so it cannot pass as one of them.
INSERT INTO "AuditChainStart" ("id", "legacyMaxId", "legacyCount") SELECT 1, COALESCE(MAX("id"), 0), COUNT(*) FROM "AuditEvent";
