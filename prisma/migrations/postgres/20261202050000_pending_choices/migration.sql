-- CreateTable
CREATE TABLE "PendingChoice" (
    "token" TEXT NOT NULL,
    "commands" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PendingChoice_pkey" PRIMARY KEY ("token")
);

-- CreateIndex
CREATE INDEX "PendingChoice_expiresAt_idx" ON "PendingChoice"("expiresAt");
