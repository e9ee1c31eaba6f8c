-- CreateTable
CREATE TABLE "Unit" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "parentId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UnitAlias" (
    "alias" TEXT NOT NULL PRIMARY KEY,
    "unitId" INTEGER NOT NULL,
    CONSTRAINT "UnitAlias_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Person" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "unitId" INTEGER,
    "roles" TEXT NOT NULL DEFAULT 'official',
    "phone" TEXT,
    "lang" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Person_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ChatIdentity" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "personId" INTEGER NOT NULL,
    "boundAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ChatIdentity_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "BindCode" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "personId" INTEGER NOT NULL,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    CONSTRAINT "BindCode_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Chat" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "title" TEXT,
    "purpose" TEXT NOT NULL,
    "unitId" INTEGER,
    "lang" TEXT,
    "digestEnabled" BOOLEAN NOT NULL DEFAULT true,
    "digestTime" TEXT NOT NULL DEFAULT '08:30',
    "remindersEnabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Chat_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Item" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "batch" TEXT,
    "category" TEXT NOT NULL DEFAULT 'other',
    "title" TEXT NOT NULL,
    "problem" TEXT NOT NULL DEFAULT '',
    "measures" TEXT NOT NULL DEFAULT '',
    "target" TEXT NOT NULL DEFAULT '',
    "leadUnitId" INTEGER NOT NULL,
    "leaderName" TEXT,
    "personName" TEXT,
    "personId" INTEGER,
    "longTerm" BOOLEAN NOT NULL DEFAULT false,
    "reportPeriodDays" INTEGER,
    "originalDeadline" TEXT,
    "deadline" TEXT,
    "status" TEXT NOT NULL DEFAULT 'not_started',
    "progress" INTEGER,
    "assignedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastReportAt" DATETIME,
    "returnCount" INTEGER NOT NULL DEFAULT 0,
    "lastReturnReason" TEXT,
    "appliedById" INTEGER,
    "appliedAt" DATETIME,
    "signedOffById" INTEGER,
    "signedOffAt" DATETIME,
    "lookbackDue" TEXT,
    "lookbackAt" DATETIME,
    "lookbackResult" TEXT,
    "lookbackNote" TEXT,
    "progressNote" TEXT,
    "completionNote" TEXT,
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Item_leadUnitId_fkey" FOREIGN KEY ("leadUnitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ItemCooperation" (
    "itemId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,

    PRIMARY KEY ("itemId", "unitId"),
    CONSTRAINT "ItemCooperation_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemCooperation_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Extension" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER NOT NULL,
    "fromDay" TEXT,
    "toDay" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "byId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Extension_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Report" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "itemId" INTEGER,
    "reporterId" INTEGER NOT NULL,
    "at" DATETIME NOT NULL,
    "text" TEXT NOT NULL DEFAULT '',
    "percent" INTEGER,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT,
    "albumKey" TEXT,
    CONSTRAINT "Report_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Photo" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reportId" INTEGER NOT NULL,
    "itemId" INTEGER,
    "sha256" TEXT NOT NULL,
    "phash" TEXT,
    "size" INTEGER NOT NULL,
    "mime" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "takenAt" DATETIME,
    "lat" REAL,
    "lon" REAL,
    "flags" TEXT NOT NULL DEFAULT '',
    "receivedAt" DATETIME NOT NULL,
    CONSTRAINT "Photo_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "Report" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Photo_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PetitionCase" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "caseNo" TEXT NOT NULL,
    "batch" TEXT,
    "assignedOn" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "place" TEXT,
    "pollutionType" TEXT,
    "unitId" INTEGER NOT NULL,
    "ownerLeader" TEXT,
    "ownerLeaderId" INTEGER,
    "batchDue" TEXT,
    "acceptedOn" TEXT,
    "extendedTo" TEXT,
    "extensionReason" TEXT,
    "status" TEXT NOT NULL DEFAULT 'assigned',
    "finding" TEXT,
    "actions" TEXT,
    "accountability" TEXT,
    "disclosed" BOOLEAN NOT NULL DEFAULT false,
    "repeats" TEXT NOT NULL DEFAULT '',
    "updatedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PetitionCase_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Petitioner" (
    "caseId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "name" TEXT,
    "contact" TEXT,
    CONSTRAINT "Petitioner_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "PetitionCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "actorId" INTEGER,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "itemId" INTEGER,
    "caseId" INTEGER,
    "source" TEXT,
    "detail" TEXT NOT NULL DEFAULT '{}'
);

-- CreateTable
CREATE TABLE "ProcessedEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Outbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "key" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "direct" BOOLEAN NOT NULL DEFAULT false,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "notBefore" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "leaseUntil" DATETIME,
    "lastError" TEXT,
    "messageId" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "BotMessage" (
    "platform" TEXT NOT NULL,
    "chatId" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "itemCode" TEXT,
    "caseNo" TEXT,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("platform", "chatId", "messageId")
);

-- CreateTable
CREATE TABLE "ScheduledRun" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "startedAt" DATETIME NOT NULL,
    "doneAt" DATETIME
);

-- CreateTable
CREATE TABLE "WebMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "chatId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "clientId" TEXT,
    "payload" TEXT NOT NULL,
    "at" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_name_key" ON "Unit"("name");

-- CreateIndex
CREATE INDEX "Person_unitId_idx" ON "Person"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "ChatIdentity_platform_userId_key" ON "ChatIdentity"("platform", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Chat_platform_chatId_key" ON "Chat"("platform", "chatId");

-- CreateIndex
CREATE UNIQUE INDEX "Item_code_key" ON "Item"("code");

-- CreateIndex
CREATE INDEX "Item_leadUnitId_idx" ON "Item"("leadUnitId");

-- CreateIndex
CREATE INDEX "Item_status_idx" ON "Item"("status");

-- CreateIndex
CREATE INDEX "Item_deadline_idx" ON "Item"("deadline");

-- CreateIndex
CREATE INDEX "ItemCooperation_unitId_idx" ON "ItemCooperation"("unitId");

-- CreateIndex
CREATE INDEX "Extension_itemId_idx" ON "Extension"("itemId");

-- CreateIndex
CREATE INDEX "Report_itemId_at_idx" ON "Report"("itemId", "at");

-- CreateIndex
CREATE INDEX "Report_reporterId_at_idx" ON "Report"("reporterId", "at");

-- CreateIndex
CREATE INDEX "Report_platform_chatId_messageId_idx" ON "Report"("platform", "chatId", "messageId");

-- CreateIndex
CREATE INDEX "Report_at_idx" ON "Report"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Report_platform_chatId_albumKey_key" ON "Report"("platform", "chatId", "albumKey");

-- CreateIndex
CREATE INDEX "Photo_reportId_idx" ON "Photo"("reportId");

-- CreateIndex
CREATE INDEX "Photo_itemId_idx" ON "Photo"("itemId");

-- CreateIndex
CREATE INDEX "Photo_sha256_idx" ON "Photo"("sha256");

-- CreateIndex
CREATE INDEX "Photo_receivedAt_idx" ON "Photo"("receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "PetitionCase_caseNo_key" ON "PetitionCase"("caseNo");

-- CreateIndex
CREATE INDEX "PetitionCase_unitId_idx" ON "PetitionCase"("unitId");

-- CreateIndex
CREATE INDEX "PetitionCase_status_idx" ON "PetitionCase"("status");

-- CreateIndex
CREATE INDEX "AuditEvent_itemId_at_idx" ON "AuditEvent"("itemId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_caseId_at_idx" ON "AuditEvent"("caseId", "at");

-- CreateIndex
CREATE INDEX "AuditEvent_at_idx" ON "AuditEvent"("at");

-- CreateIndex
CREATE UNIQUE INDEX "Outbox_key_key" ON "Outbox"("key");

-- CreateIndex
CREATE INDEX "Outbox_status_notBefore_idx" ON "Outbox"("status", "notBefore");

-- CreateIndex
CREATE INDEX "WebMessage_chatId_id_idx" ON "WebMessage"("chatId", "id");

-- CreateIndex
CREATE UNIQUE INDEX "WebMessage_chatId_clientId_key" ON "WebMessage"("chatId", "clientId");

