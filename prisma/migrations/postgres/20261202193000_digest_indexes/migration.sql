-- DropIndex
DROP INDEX "Item_status_idx";

-- DropIndex
DROP INDEX "Item_deadline_idx";

-- CreateIndex
CREATE INDEX "Item_status_appliedAt_idx" ON "Item"("status", "appliedAt");

-- CreateIndex
CREATE INDEX "Item_deadline_status_longTerm_idx" ON "Item"("deadline", "status", "longTerm");

-- CreateIndex
CREATE INDEX "Item_longTerm_reportPeriodDays_idx" ON "Item"("longTerm", "reportPeriodDays");
