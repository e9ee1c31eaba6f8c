/**
 * A small invented county that the conversation tests share: three units, six people,
 * four items in different states and one petition case with a confidential petitioner.
 */
import { addDays, dayOf } from "../../src/core/days";
import { aliasKeys } from "../../src/core/units";
import type { Ledger } from "../../src/ledger/db";

export type PersonKey = "official" | "official2" | "unitHead" | "coordinator" | "coordinator2" | "leader";

export interface County {
  units: { water: number; housing: number; ecology: number };
  people: Record<PersonKey, { id: number; name: string }>;
  items: { dredging: string; dust: string; sewage: string; hazardous: string };
  caseNo: string;
  petitionerName: string;
}

const PEOPLE: Record<PersonKey, { name: string; unit: keyof County["units"]; roles: string }> = {
  official: { name: "张三", unit: "water", roles: "official" },
  official2: { name: "李四", unit: "housing", roles: "official" },
  unitHead: { name: "王五", unit: "water", roles: "unit_head" },
  coordinator: { name: "王主任", unit: "ecology", roles: "coordinator" },
  coordinator2: { name: "赵科长", unit: "ecology", roles: "coordinator" },
  leader: { name: "刘县长", unit: "ecology", roles: "leader" },
};

export async function seedCounty(ledger: Ledger, now: Date, tz = "Asia/Shanghai"): Promise<County> {
  const today = dayOf(now, tz);
  const db = ledger.db;
  const unit = async (name: string, ...aliases: string[]) => {
    const u = await db.unit.create({ data: { name, createdAt: now } });
    const keys = new Set([name, ...aliases].flatMap(aliasKeys));
    for (const alias of keys) await db.unitAlias.create({ data: { alias, unitId: u.id } });
    return u.id;
  };
  const units = {
    water: await unit("县水利局", "水利局", "水利和湖泊局"),
    housing: await unit("县住房和城乡建设局", "住建局", "县住建局"),
    ecology: await unit("市生态环境局", "生态环境局", "环保局"),
  };
  const people = {} as County["people"];
  for (const [key, p] of Object.entries(PEOPLE) as [PersonKey, (typeof PEOPLE)[PersonKey]][]) {
    const row = await db.person.create({ data: { name: p.name, unitId: units[p.unit], roles: p.roles, createdAt: now } });
    people[key] = { id: row.id, name: row.name };
  }
  const assignedAt = new Date(now.getTime() - 60 * 86_400_000);
  const item = (code: string, title: string, leadUnitId: number, deadline: string | null, extra: object = {}) =>
    db.item.create({
      data: {
        code, title, source: code.startsWith("风险") ? "risk" : "central", category: "water", leadUnitId,
        problem: `${title}问题`, measures: `${title}整改措施`, target: "完成整改",
        deadline, originalDeadline: deadline, assignedAt, createdAt: now, leaderName: "刘县长", ...extra,
      },
    });
  await item("中央-07-2", "河道清淤", units.water, addDays(today, 30), { personId: people.official.id, personName: "张三" });
  await item("中央-03", "建筑工地扬尘治理", units.housing, addDays(today, 5), { personName: "李四", personId: people.official2.id });
  await item("省-15", "污水直排整治", units.water, addDays(today, -10), { status: "in_progress", lastReportAt: assignedAt, personName: "张三" });
  await item("风险-危废-003", "危废贮存库规范化", units.water, null, { longTerm: true, reportPeriodDays: 30, personName: "王五" });
  await db.item.update({ where: { code: "中央-03" }, data: { cooperating: { create: [{ unitId: units.water }] } } });

  const petitionerName = "陈秀英";
  const c = await db.petitionCase.create({
    data: {
      caseNo: "D2026-001", batch: "第3批", assignedOn: addDays(today, -20), summary: "反映某养殖场粪污直排河道",
      place: "青山镇", pollutionType: "水", unitId: units.water, ownerLeader: "刘县长", batchDue: addDays(today, 2), acceptedOn: addDays(today, -17), createdAt: now,
    },
  });
  await db.petitioner.create({ data: { caseId: c.id, name: petitionerName, contact: "13800001111" } });
  return {
    units,
    people,
    items: { dredging: "中央-07-2", dust: "中央-03", sewage: "省-15", hazardous: "风险-危废-003" },
    caseNo: "D2026-001",
    petitionerName,
  };
}
