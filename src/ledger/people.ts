/**
 * Who is speaking: chat identities are bound to people with one-time codes that a
 * coordinator issues. The platform's user id is the only thing trusted.
 */
import { randomInt } from "node:crypto";
import { aliasKeys } from "../core/units";
import { ROLES, type Lang, type Role } from "../core/types";
import { auditOf, writeAudit, type Change } from "./audit";
import type { Tx } from "./db";
import { listOf } from "./decode";
import { findUnitByName } from "./items";
import { clientOf, type Session } from "./session";

/** A person as the bot knows them: roles decoded, never the comma-joined column. */
export interface PersonRecord {
  id: number;
  name: string;
  unitId: number | null;
  roles: Role[];
  lang: string | null;
}

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const CODE_LENGTH = 8;
const CODE_TTL_MS = 7 * 24 * 3600_000;

export function toPersonRecord(p: { id: number; name: string; unitId: number | null; roles: string; lang: string | null }): PersonRecord {
  return { id: p.id, name: p.name, unitId: p.unitId, roles: listOf(ROLES, p.roles), lang: p.lang };
}

export async function findPersonByIdentity(session: Session, platform: string, userId: string): Promise<PersonRecord | null> {
  // Asked from the person's side: one query (a nested select from the identity would be two).
  const person = await clientOf(session).person.findFirst({
    where: { identities: { some: { platform, userId } } },
    select: { id: true, name: true, unitId: true, roles: true, lang: true },
  });
  return person ? toPersonRecord(person) : null;
}

export function normaliseBindCode(code: string): string {
  return code.normalize("NFKC").replace(/[\s-]/g, "").toUpperCase();
}

export async function issueBindCode(session: Session, p: { personId: number; createdById: number | null; now: Date }): Promise<string> {
  return (await newBindCode(clientOf(session), p)).code;
}

async function newBindCode(tx: Tx, p: { personId: number; createdById: number | null; now: Date }): Promise<{ code: string; expiresAt: Date }> {
  const expiresAt = new Date(p.now.getTime() + CODE_TTL_MS);
  for (;;) {
    const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
    const taken = await tx.bindCode.findUnique({ where: { code }, select: { code: true } });
    if (taken) continue;
    await tx.bindCode.create({ data: { code, personId: p.personId, createdById: p.createdById, createdAt: p.now, expiresAt }, select: { code: true } });
    return { code, expiresAt };
  }
}

export interface Invitation {
  name: string;
  /** The unit as people call it: found by any of its names. */
  unit: string;
  roles: Role[];
  phone?: string;
  /** Create the unit when no unit has that name (the first coordinator, before any ledger is imported). */
  newUnit?: boolean;
}

export type InviteResult =
  | { ok: true; person: { id: number; name: string; roles: Role[] }; unit: { id: number; name: string }; created: boolean; code: string; expiresAt: Date }
  | { ok: false; reason: "unknown_unit" };

/**
 * The person of that name in that unit, created if needed, with the roles asked for added
 * to theirs, and a one-time bind code for them. Serves /邀请 and `cli invite` alike.
 */
export async function invitePerson(session: Session, inv: Invitation, change: Change): Promise<InviteResult> {
  const tx = clientOf(session);
  const unit = (await findUnitByName(session, inv.unit)) ?? (inv.newUnit ? await createUnit(session, inv.unit, change) : null);
  if (!unit) return { ok: false, reason: "unknown_unit" };
  const found = await tx.person.findFirst({ where: { name: inv.name, unitId: unit.id }, select: { id: true, roles: true } });
  let person: { id: number; roles: string };
  if (!found) {
    const roles = [...new Set(inv.roles)].join(",");
    person = await tx.person.create({ data: { name: inv.name, unitId: unit.id, roles, phone: inv.phone, createdAt: change.at }, select: { id: true, roles: true } });
    await writeAudit(session, auditOf(change, "person.created", { detail: { personId: person.id, name: inv.name, unit: unit.name, roles } }));
  } else {
    const roles = [...new Set([...found.roles.split(","), ...inv.roles])].join(",");
    person = found;
    if (roles !== found.roles) {
      person = await tx.person.update({ where: { id: found.id }, data: { roles }, select: { id: true, roles: true } });
      await writeAudit(session, auditOf(change, "person.roles_changed", { detail: { personId: found.id, roles: [found.roles, roles] } }));
    }
  }
  const { code, expiresAt } = await newBindCode(tx, { personId: person.id, createdById: change.actorId ?? null, now: change.at });
  await writeAudit(session, auditOf(change, "bindcode.issued", { detail: { personId: person.id } }));
  return { ok: true, person: { id: person.id, name: inv.name, roles: listOf(ROLES, person.roles) }, unit, created: !found, code, expiresAt };
}

async function createUnit(session: Session, name: string, change: Change): Promise<{ id: number; name: string }> {
  const tx = clientOf(session);
  const unit = await tx.unit.create({ data: { name, createdAt: change.at }, select: { id: true, name: true } });
  for (const alias of aliasKeys(name)) await tx.unitAlias.create({ data: { alias, unitId: unit.id } });
  await writeAudit(session, auditOf(change, "unit.created", { detail: { unitId: unit.id, name } }));
  return unit;
}

export async function setPersonLang(session: Session, person: Pick<PersonRecord, "id" | "lang">, lang: Lang, change: Change): Promise<void> {
  const tx = clientOf(session);
  await tx.person.update({ where: { id: person.id }, data: { lang }, select: { id: true } });
  await writeAudit(session, auditOf(change, "person.lang", { detail: { lang: [person.lang, lang] } }));
}

export type BindResult =
  | { ok: true; person: PersonRecord }
  | { ok: false; reason: "unknown_code" | "used_code" | "expired_code" | "already_bound" };

/** Binds a platform identity to the code's person; the code is spent. */
export async function bindWithCode(
  session: Session,
  p: { platform: string; userId: string; unionId?: string; code: string; now: Date; source?: string },
): Promise<BindResult> {
  const tx = clientOf(session);
  const existing = await findPersonByIdentity(session, p.platform, p.userId);
  if (existing) return { ok: false, reason: "already_bound" };
  const code = await tx.bindCode.findUnique({ where: { code: normaliseBindCode(p.code) } });
  if (!code) return { ok: false, reason: "unknown_code" };
  if (code.usedAt) return { ok: false, reason: "used_code" };
  if (code.expiresAt < p.now) return { ok: false, reason: "expired_code" };
  // The conditional update makes a code single-use even when two people race for it.
  const spent = await tx.bindCode.updateMany({ where: { code: code.code, usedAt: null }, data: { usedAt: p.now } });
  if (spent.count !== 1) return { ok: false, reason: "used_code" };
  await tx.chatIdentity.create({ data: { platform: p.platform, userId: p.userId, unionId: p.unionId ?? null, personId: code.personId, boundAt: p.now } });
  const person = await tx.person.findUniqueOrThrow({
    where: { id: code.personId },
    select: { id: true, name: true, unitId: true, roles: true, lang: true },
  });
  await writeAudit(session, {
    at: p.now,
    actorId: person.id,
    actor: person.name,
    action: "person.bound",
    source: p.source,
    detail: { platform: p.platform, userId: p.userId, ...(p.unionId ? { unionId: p.unionId } : {}) },
  });
  return { ok: true, person: toPersonRecord(person) };
}

/** The platform user ids of the unit's people bound on that platform: who goes into a group the bot creates for the unit. */
export async function unitIdentities(session: Session, platform: string, unitId: number): Promise<string[]> {
  const rows = await clientOf(session).chatIdentity.findMany({
    where: { platform, person: { unitId } },
    select: { userId: true },
    orderBy: { userId: "asc" },
  });
  return rows.map((r) => r.userId);
}

/** The platform user ids of the people holding any of these roles: who goes into a leaders' or the office's group the bot creates. */
export async function roleIdentities(session: Session, platform: string, roles: readonly Role[]): Promise<string[]> {
  // Roles are a comma-joined column: narrow with a substring match, then decide on the decoded list.
  const rows = await clientOf(session).chatIdentity.findMany({
    where: { platform, person: { OR: roles.map((r) => ({ roles: { contains: r } })) } },
    select: { userId: true, person: { select: { roles: true } } },
    orderBy: { userId: "asc" },
  });
  return rows.filter((r) => listOf(ROLES, r.person.roles).some((role) => roles.includes(role))).map((r) => r.userId);
}
