-- AlterTable
ALTER TABLE "ChatIdentity" ADD COLUMN "unionId" TEXT;
