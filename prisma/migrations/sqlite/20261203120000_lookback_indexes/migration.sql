-- The digest's look-backs: due by today among the signed-off items, and failed since the last digest.
-- CreateIndex
CREATE INDEX "Item_status_lookbackDue_idx" ON "Item"("status", "lookbackDue");

-- CreateIndex
CREATE INDEX "Item_lookbackAt_idx" ON "Item"("lookbackAt");
