/** `status`: items by status and light, cases by status, and whether the outbox is draining. */
import { z } from "zod";
import { dayOf } from "../../core/days";
import { viewItem } from "../../core/lights";
import { ITEM_STATUSES, CASE_STATUSES, type Light } from "../../core/types";
import { thresholdsOf } from "../../config";
import { countFailedEvents, listFailedEvents } from "../../ledger/failed-events";
import { defineCommand } from "../command";
import { failedEventLines } from "./inbound";
import { calendarStatus } from "../calendar-status";

export const statusCommand = defineCommand({
  name: "status",
  options: {},
  schema: z.object({ positionals: z.tuple([]) }),
  async run(ctx) {
    const { db } = await ctx.ledger();
    const now = ctx.clock.now();
    const tz = ctx.config.DUBAN_TZ;
    const m = ctx.msg.io.cli.status;
    const items = await db.item.findMany({
      select: { status: true, deadline: true, longTerm: true, reportPeriodDays: true, lastReportAt: true, assignedAt: true, returnCount: true },
    });
    const byStatus = new Map<string, number>();
    const byLight: Record<Light, number> = { red: 0, yellow: 0, green: 0 };
    for (const i of items) {
      byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
      if (i.status === "signed_off") continue;
      byLight[viewItem(i, dayOf(now, tz), (at) => dayOf(at, tz), thresholdsOf(ctx.config)).light]++;
    }
    ctx.out(m.items({ n: items.length }));
    const list = (xs: { label: string; n: number }[]) => xs.map(m.count).join(m.sep);
    ctx.out(m.byStatus({ detail: list(ITEM_STATUSES.map((s) => ({ label: ctx.msg.common.status[s]!, n: byStatus.get(s) ?? 0 }))) }));
    ctx.out(m.byLight({ detail: list((["red", "yellow", "green"] as const).map((l) => ({ label: ctx.msg.common.light[l]!, n: byLight[l] }))) }));

    const cases = await db.petitionCase.groupBy({ by: ["status"], _count: { _all: true } });
    const caseCount = new Map(cases.map((c) => [c.status, c._count._all]));
    const n = cases.reduce((sum, c) => sum + c._count._all, 0);
    ctx.out(m.cases({ n, detail: list(CASE_STATUSES.map((s) => ({ label: ctx.msg.common.caseStatus[s]!, n: caseCount.get(s) ?? 0 }))) }));

    const outbox = new Map((await db.outbox.groupBy({ by: ["status"], _count: { _all: true } })).map((o) => [o.status, o._count._all]));
    ctx.out(m.outbox({ pending: outbox.get("pending") ?? 0, sending: outbox.get("sending") ?? 0, failed: outbox.get("failed") ?? 0 }));
    const oldest = await db.outbox.findFirst({ where: { status: "pending", notBefore: { lte: now } }, orderBy: { notBefore: "asc" }, select: { notBefore: true } });
    if (oldest) ctx.out(m.oldestPending({ minutes: Math.floor((now.getTime() - oldest.notBefore.getTime()) / 60_000) }));
    const stuck = await db.outbox.count({ where: { status: "sending", leaseUntil: { lt: now } } });
    if (stuck > 0) ctx.out(m.stuck({ n: stuck }));

    const ledger = await ctx.ledger();
    const failed = await listFailedEvents(ledger, { status: "failed", limit: 5 });
    for (const line of failedEventLines(ctx, failed, failed.length < 5 ? failed.length : await countFailedEvents(ledger))) ctx.out(line);
    for (const line of await calendarStatus(db, ctx)) ctx.out(line);
    return 0;
  },
});
