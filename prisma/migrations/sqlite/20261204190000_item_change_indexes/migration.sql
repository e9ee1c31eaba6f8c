-- The digest's items changed in the last day, found through these rather than by reading every item.
-- CreateIndex
CREATE INDEX "Item_lastReportAt_idx" ON "Item"("lastReportAt");

-- CreateIndex
CREATE INDEX "Item_appliedAt_idx" ON "Item"("appliedAt");

-- CreateIndex
CREATE INDEX "Item_signedOffAt_idx" ON "Item"("signedOffAt");

-- CreateIndex
CREATE INDEX "Item_assignedAt_idx" ON "Item"("assignedAt");
