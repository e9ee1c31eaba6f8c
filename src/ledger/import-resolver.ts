/**
 * Units and people named in an imported file, matched or created inside the import's
 * transaction. Units match by any normalised alias (市住建局 finds 住建局); people by
 * name within their unit, leaders by name among leaders.
 */
import type { PersonName, UnitDraft } from "../core/drafts";
import { ROLES, type Role } from "../core/types";
import { aliasKeys } from "../core/units";
import type { Tx } from "./db";
import { listOf } from "./decode";
import type { AuditLog } from "./import-audit";

export interface Resolver {
  unitId(name: string): Promise<number>;
  unitName(id: number): string;
  /** Registers a unit from the 单位 sheet: its aliases, its parent. Returns aliases it could not take. */
  declareUnit(d: UnitDraft): Promise<string[]>;
  personId(p: PersonName, unitId: number): Promise<number>;
  leaderId(name: string): Promise<number>;
  created: { units: number; people: number };
}

interface PersonRow {
  id: number;
  name: string;
  unitId: number | null;
  roles: Role[];
}

export async function createResolver(tx: Tx, audit: AuditLog): Promise<Resolver> {
  const aliases = new Map((await tx.unitAlias.findMany()).map((a) => [a.alias, a.unitId]));
  const units = new Map((await tx.unit.findMany({ select: { id: true, name: true, parentId: true } })).map((u) => [u.id, u]));
  const byUnit = new Map<string, number>();
  const leaders = new Map<string, number>();
  const remember = (p: PersonRow) => {
    if (!byUnit.has(`${p.unitId}|${p.name}`)) byUnit.set(`${p.unitId}|${p.name}`, p.id);
    if (p.roles.includes("leader") && !leaders.has(p.name)) leaders.set(p.name, p.id);
  };
  const people = await tx.person.findMany({ select: { id: true, name: true, unitId: true, roles: true }, orderBy: { id: "asc" } });
  for (const p of people) remember({ ...p, roles: listOf(ROLES, p.roles) });
  const created = { units: 0, people: 0 };

  const find = (name: string) => aliasKeys(name).map((k) => aliases.get(k)).find((id) => id !== undefined);

  async function addAliases(unitId: number, names: string[]): Promise<string[]> {
    const taken: string[] = [];
    for (const name of names) {
      for (const key of aliasKeys(name)) {
        const owner = aliases.get(key);
        if (owner === unitId) continue;
        if (owner !== undefined) {
          taken.push(name);
          continue;
        }
        await tx.unitAlias.create({ data: { alias: key, unitId } });
        aliases.set(key, unitId);
      }
    }
    return [...new Set(taken)];
  }

  async function createUnit(name: string, parentId: number | null): Promise<number> {
    const unit = await tx.unit.create({ data: { name, parentId }, select: { id: true, name: true, parentId: true } });
    units.set(unit.id, unit);
    await addAliases(unit.id, [name]);
    created.units++;
    audit.push({ action: "unit.created", detail: { after: { name, parent: parentId ? units.get(parentId)!.name : null } } });
    return unit.id;
  }

  async function unitId(name: string): Promise<number> {
    return find(name) ?? createUnit(name, null);
  }

  async function createPerson(name: string, unitId: number | null, role: Role, phone: string | null): Promise<number> {
    const p = await tx.person.create({ data: { name, unitId, roles: role, phone }, select: { id: true } });
    remember({ id: p.id, name, unitId, roles: [role] });
    created.people++;
    audit.push({ action: "person.created", detail: { after: { name, unit: unitId ? units.get(unitId)!.name : null, roles: role } } });
    return p.id;
  }

  return {
    created,
    unitId,
    unitName: (id) => units.get(id)!.name,
    async declareUnit(d) {
      const parentId = d.parent ? await unitId(d.parent) : null;
      const id = find(d.name) ?? d.aliases.map(find).find((x) => x !== undefined) ?? (await createUnit(d.name, parentId));
      const unit = units.get(id)!;
      if (parentId !== null && unit.parentId !== parentId && parentId !== id) {
        await tx.unit.update({ where: { id }, data: { parentId } });
        audit.push({
          action: "unit.updated",
          detail: { unit: unit.name, before: { parent: unit.parentId ? units.get(unit.parentId)!.name : null }, after: { parent: d.parent } },
        });
        unit.parentId = parentId;
      }
      return addAliases(id, [d.name, ...d.aliases]);
    },
    async personId(p, unitId) {
      return byUnit.get(`${unitId}|${p.name}`) ?? createPerson(p.name, unitId, "official", p.phone);
    },
    async leaderId(name) {
      return leaders.get(name) ?? byUnit.get(`null|${name}`) ?? createPerson(name, null, "leader", null);
    },
  };
}
