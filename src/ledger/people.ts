/**
 * Who is speaking: chat identities are bound to people with one-time codes that a
 * coordinator issues. The platform's user id is the only thing trusted.
 */
import { randomInt } from "node:crypto";
import { ROLES, type Role } from "../core/types";
import { writeAudit } from "./audit";
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

export function parseRoles(roles: string): Role[] {
  return roles
    .split(",")
    .map((r) => r.trim())
    .filter((r): r is Role => (ROLES as readonly string[]).includes(r));
}

export function toPersonRecord(p: { id: number; name: string; unitId: number | null; roles: string; lang: string | null }): PersonRecord {
  return { id: p.id, name: p.name, unitId: p.unitId, roles: parseRoles(p.roles), lang: p.lang };
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
  const tx = clientOf(session);
  for (;;) {
    const code = Array.from({ length: CODE_LENGTH }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
    const taken = await tx.bindCode.findUnique({ where: { code }, select: { code: true } });
    if (taken) continue;
    await tx.bindCode.create({
      data: { code, personId: p.personId, createdById: p.createdById, createdAt: p.now, expiresAt: new Date(p.now.getTime() + CODE_TTL_MS) },
    });
    return code;
  }
}

export type BindResult =
  | { ok: true; person: PersonRecord }
  | { ok: false; reason: "unknown_code" | "used_code" | "expired_code" | "already_bound" };

/** Binds a platform identity to the code's person; the code is spent. */
export async function bindWithCode(
  session: Session,
  p: { platform: string; userId: string; code: string; now: Date; source?: string },
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
  await tx.chatIdentity.create({ data: { platform: p.platform, userId: p.userId, personId: code.personId, boundAt: p.now } });
  const person = await tx.person.findUniqueOrThrow({
    where: { id: code.personId },
    select: { id: true, name: true, unitId: true, roles: true, lang: true },
  });
  await writeAudit(tx, {
    at: p.now,
    actorId: person.id,
    actor: person.name,
    action: "person.bound",
    source: p.source,
    detail: { platform: p.platform, userId: p.userId },
  });
  return { ok: true, person: toPersonRecord(person) };
}
