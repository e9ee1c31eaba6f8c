/** `invite <name> --unit <unit> --role <role>`: the person (created if needed) and a one-time bind code. */
import { z } from "zod";
import { formatInstant } from "../../core/days";
import { ROLES, type Role } from "../../core/types";
import { issueBindCode } from "../../ledger/people";
import { clientOf } from "../../ledger/session";
import { writeAudit } from "../../ledger/audit";
import { findUnitByName } from "../../ledger/items";
import type { Tx } from "../../ledger/db";
import { aliasKeys } from "../../core/units";
import { defineCommand } from "../command";

/** Roles by code or by the Chinese word an admin would type. */
const ROLE_WORDS: Record<string, Role> = {
  责任人: "official", 单位负责人: "unit_head", 督察办: "coordinator", 督察整改办: "coordinator", 领导: "leader", 管理员: "admin",
};

const roleList = z
  .string()
  .transform((s) => s.split(/[,，、]/).map((r) => r.trim()).filter(Boolean).map((r) => ROLE_WORDS[r] ?? r))
  .pipe(z.array(z.enum(ROLES)).min(1));

/** The first coordinator may come before any ledger is imported: their unit is made here. */
async function createUnit(tx: Tx, name: string, cli: { at: Date; actor: string }): Promise<{ id: number; name: string }> {
  const unit = await tx.unit.create({ data: { name, createdAt: cli.at }, select: { id: true, name: true } });
  for (const alias of aliasKeys(name)) await tx.unitAlias.create({ data: { alias, unitId: unit.id } });
  await writeAudit(tx, { ...cli, action: "unit.created", detail: { unitId: unit.id, name } });
  return unit;
}

export const inviteCommand = defineCommand({
  name: "invite",
  options: { unit: { type: "string" }, role: { type: "string" }, phone: { type: "string" }, "new-unit": { type: "boolean" } },
  schema: z.object({
    positionals: z.tuple([z.string().trim().min(1)]),
    unit: z.string().trim().min(1),
    role: roleList,
    phone: z.string().trim().min(1).optional(),
    "new-unit": z.boolean().optional(),
  }),
  async run(ctx, a) {
    const ledger = await ctx.ledger();
    const now = ctx.clock.now();
    const name = a.positionals[0];
    const cli = { at: now, actor: "cli" };
    const done = await ledger.tx(async (session) => {
      const tx = clientOf(session);
      const unit = (await findUnitByName(tx, a.unit)) ?? (a["new-unit"] ? await createUnit(tx, a.unit, cli) : null);
      if (!unit) return null;
      let person = await tx.person.findFirst({ where: { name, unitId: unit.id }, select: { id: true, roles: true } });
      const created = !person;
      if (!person) {
        person = await tx.person.create({ data: { name, unitId: unit.id, roles: a.role.join(","), phone: a.phone, createdAt: now }, select: { id: true, roles: true } });
        await writeAudit(tx, { ...cli, action: "person.created", detail: { personId: person.id, name, unit: unit.name, roles: person.roles } });
      } else {
        const roles = [...new Set([...person.roles.split(","), ...a.role])].join(",");
        if (roles !== person.roles) {
          await tx.person.update({ where: { id: person.id }, data: { roles } });
          await writeAudit(tx, { ...cli, action: "person.roles_changed", detail: { personId: person.id, roles: [person.roles, roles] } });
          person = { ...person, roles };
        }
      }
      const code = await issueBindCode(session, { personId: person.id, createdById: null, now });
      await writeAudit(tx, { ...cli, action: "bindcode.issued", detail: { personId: person.id } });
      const { expiresAt } = await tx.bindCode.findUniqueOrThrow({ where: { code }, select: { expiresAt: true } });
      return { unit: unit.name, roles: person.roles, created, code, expiresAt };
    });
    if (!done) {
      ctx.err(ctx.msg.io.cli.unitNotFound({ unit: a.unit }));
      return 1;
    }
    const roles = done.roles.split(",").map((r) => ctx.msg.common.role[r] ?? r).join("、");
    ctx.out(ctx.msg.io.cli.invited({ name, unit: done.unit, roles, created: done.created }));
    ctx.out(ctx.msg.io.cli.bindCode({ code: done.code, until: formatInstant(done.expiresAt, ctx.config.DUBAN_TZ) }));
    return 0;
  },
});
