-- CreateTable
CREATE TABLE "PendingChoice" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "commands" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "PendingChoice_expiresAt_idx" ON "PendingChoice"("expiresAt");
