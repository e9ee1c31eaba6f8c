/**
 * Ledger rows for tests, written with Prisma directly. Every builder takes only what the
 * test cares about and fills the rest with plain, unique defaults.
 */
import { aliasKeys } from "../../src/core/units";
import type { Prisma, Tx } from "../../src/ledger/db";

let seq = 0;
const next = () => ++seq;

/** Assignment time of items built without one: well before any test's clock. */
export const LONG_AGO = new Date("2026-01-01T09:00:00+08:00");

export async function buildUnit(db: Tx, fields: Partial<Prisma.UnitUncheckedCreateInput> = {}) {
  const name = fields.name ?? `测试单位${next()}`;
  return db.unit.create({
    data: { ...fields, name, aliases: { create: aliasKeys(name).map((alias) => ({ alias })) } },
  });
}

export async function buildPerson(
  db: Tx,
  fields: Partial<Omit<Prisma.PersonUncheckedCreateInput, "roles">> & {
    roles?: string[];
    /** A chat identity bound to the person. */
    identity?: { platform: string; userId: string };
  } = {},
) {
  const { roles, identity, ...rest } = fields;
  return db.person.create({
    data: {
      name: `测试人员${next()}`,
      ...rest,
      roles: (roles ?? ["official"]).join(","),
      identities: identity ? { create: [identity] } : undefined,
    },
  });
}

/** An item as the ledger holds it; created and last updated when it was assigned unless told. */
export async function buildItem(db: Tx, fields: Partial<Prisma.ItemUncheckedCreateInput> & { leadUnitId: number }) {
  const n = next();
  const assignedAt = fields.assignedAt ?? LONG_AGO;
  return db.item.create({
    data: {
      code: `测试-${n}`,
      source: "central",
      title: `整改任务${n}`,
      originalDeadline: fields.deadline ?? null,
      createdAt: assignedAt,
      updatedAt: assignedAt,
      ...fields,
      assignedAt,
    },
  });
}

/** A petition case; `petitioner` goes to the confidential table. */
export async function buildCase(
  db: Tx,
  fields: Partial<Prisma.PetitionCaseUncheckedCreateInput> & {
    unitId: number;
    assignedOn: string;
    petitioner?: { name: string; contact?: string };
  },
) {
  const { petitioner, ...rest } = fields;
  const n = next();
  return db.petitionCase.create({
    data: {
      caseNo: `X-${n}`,
      summary: `群众反映的问题${n}`,
      ...rest,
      petitioner: petitioner ? { create: { name: petitioner.name, contact: petitioner.contact ?? null } } : undefined,
    },
  });
}

/**
 * A progress report with its photos, moving the item's last report time forward as the
 * bot does when a report arrives.
 */
export async function buildReport(
  db: Tx,
  fields: {
    itemId: number | null;
    reporterId: number;
    at: Date;
    text?: string;
    photos?: { flags?: string; receivedAt?: Date }[];
  },
) {
  const n = next();
  const report = await db.report.create({
    data: {
      itemId: fields.itemId,
      reporterId: fields.reporterId,
      at: fields.at,
      text: fields.text ?? `进展${n}`,
      platform: "test",
      chatId: "test-chat",
      messageId: `m${n}`,
    },
  });
  for (const [i, photo] of (fields.photos ?? []).entries()) {
    await db.photo.create({
      data: {
        reportId: report.id,
        itemId: fields.itemId,
        sha256: `sha-${n}-${i}`,
        size: 1000,
        mime: "image/jpeg",
        flags: photo.flags ?? "",
        receivedAt: photo.receivedAt ?? fields.at,
      },
    });
  }
  if (fields.itemId !== null) {
    const item = await db.item.findUniqueOrThrow({ where: { id: fields.itemId }, select: { lastReportAt: true } });
    if (!item.lastReportAt || item.lastReportAt < fields.at) {
      await db.item.update({ where: { id: fields.itemId }, data: { lastReportAt: fields.at, updatedAt: fields.at } });
    }
  }
  return report;
}

export async function buildChat(
  db: Tx,
  fields: Partial<Prisma.ChatUncheckedCreateInput> & { purpose: string },
) {
  return db.chat.create({ data: { platform: "test", chatId: `chat-${next()}`, ...fields } });
}
