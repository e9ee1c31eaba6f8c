/**
 * `audit verify`: seals what is waiting, then walks the audit chain and says where it is
 * broken (exit 1), or how long it is and its head (exit 0).
 */
import { z } from "zod";
import { formatInstant } from "../../core/days";
import { sealAll, shortHash, verifyAuditChain, type ChainProblem } from "../../ledger/audit-chain";
import { defineCommand, type CliContext } from "../command";

function problemLine(ctx: CliContext, p: ChainProblem): string {
  const m = ctx.msg.audit;
  if (p.kind === "missing") return m.missing(p);
  const row = { id: p.id, at: formatInstant(p.at, ctx.config.DUBAN_TZ), action: p.action };
  switch (p.kind) {
    case "edited":
      return m.edited({ ...row, seq: p.seq });
    case "forged":
      return m.forged({ ...row, seq: p.seq });
    case "relinked":
      return m.relinked({ ...row, seq: p.seq });
    case "unsealed":
      return m.unsealed({ ...row, mark: p.mark });
  }
}

export const auditCommand = defineCommand({
  name: "audit",
  options: {},
  schema: z.object({ positionals: z.tuple([z.literal("verify")]) }),
  async run(ctx) {
    const ledger = await ctx.ledger();
    await sealAll(ledger);
    const report = await verifyAuditChain(ledger.session);
    const m = ctx.msg.audit;
    if (report.problems.length > 0) {
      for (const p of report.problems) ctx.err(problemLine(ctx, p));
      if (report.moreProblems > 0) ctx.err(m.moreProblems({ n: report.moreProblems }));
      ctx.err(m.broken({ n: report.problems.length + report.moreProblems, count: report.count }));
      return 1;
    }
    ctx.out(report.head ? m.clean({ count: report.count, seq: report.head.seq, hash: shortHash(report.head.hash) }) : m.empty);
    return 0;
  },
});
