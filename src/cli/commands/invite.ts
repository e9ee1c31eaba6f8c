/** `invite <name> --unit <unit> --role <role>`: the person (created if needed) and a one-time bind code. */
import { z } from "zod";
import { formatInstant } from "../../core/days";
import { ROLES, type Role } from "../../core/types";
import { invitePerson } from "../../ledger/people";
import { defineCommand } from "../command";

/** Roles by code or by the Chinese word an admin would type. */
const ROLE_WORDS: Record<string, Role> = {
  责任人: "official", 单位负责人: "unit_head", 督察办: "coordinator", 督察整改办: "coordinator", 领导: "leader", 管理员: "admin",
};

const roleList = z
  .string()
  .transform((s) => s.split(/[,，、]/).map((r) => r.trim()).filter(Boolean).map((r) => ROLE_WORDS[r] ?? r))
  .pipe(z.array(z.enum(ROLES)).min(1));

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
    const name = a.positionals[0];
    const invited = await ledger.tx((session) =>
      // The first coordinator may come before any ledger is imported: --new-unit makes their unit.
      invitePerson(session, { name, unit: a.unit, roles: a.role, phone: a.phone, newUnit: a["new-unit"] }, { at: ctx.clock.now(), actor: "cli" }),
    );
    if (!invited.ok) {
      ctx.err(ctx.msg.io.cli.unitNotFound({ unit: a.unit }));
      return 1;
    }
    const roles = invited.person.roles.map((r) => ctx.msg.common.role[r]).join("、");
    ctx.out(ctx.msg.io.cli.invited({ name, unit: invited.unit.name, roles, created: invited.created }));
    ctx.out(ctx.msg.io.cli.bindCode({ code: invited.code, until: formatInstant(invited.expiresAt, ctx.config.DUBAN_TZ) }));
    return 0;
  },
});
