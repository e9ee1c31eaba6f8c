/** `status`: items by status and light, cases by status, and whether the outbox is draining. */
import { z } from "zod";
import { dayOf } from "../../core/days";
import { viewItem } from "../../core/lights";
import { ITEM_STATUSES, CASE_STATUSES, type ItemStatus, type Light } from "../../core/types";
import { thresholdsOf } from "../../config";
import { countFailedEvents, listFailedEvents } from "../../ledger/failed-events";
import { allItemFacts, casesByStatus } from "../../ledger/ledger-counts";
import { outboxHealth } from "../../ledger/outbox";
import { defineCommand } from "../command";
import { failedEventLines } from "./inbound";
import { calendarStatus } from "../calendar-status";

/** Failed messages listed with their platform's error; the rest are counted. */
const FAILED_SHOWN = 5;

export const statusCommand = defineCommand({
  name: "status",
  options: {},
  schema: z.object({ positionals: z.tuple([]) }),
  async run(ctx) {
    const ledger = await ctx.ledger();
    const { session } = ledger;
    const now = ctx.clock.now();
    const tz = ctx.config.DUBAN_TZ;
    const m = ctx.msg.io.cli.status;
    const items = await allItemFacts(session);
    const byStatus = new Map<ItemStatus, number>();
    const byLight: Record<Light, number> = { red: 0, yellow: 0, green: 0 };
    for (const i of items) {
      byStatus.set(i.status, (byStatus.get(i.status) ?? 0) + 1);
      if (i.status === "signed_off") continue;
      byLight[viewItem(i, dayOf(now, tz), (at) => dayOf(at, tz), thresholdsOf(ctx.config)).light]++;
    }
    ctx.out(m.items({ n: items.length }));
    const list = (xs: { label: string; n: number }[]) => xs.map(m.count).join(m.sep);
    ctx.out(m.byStatus({ detail: list(ITEM_STATUSES.map((s) => ({ label: ctx.msg.common.status[s], n: byStatus.get(s) ?? 0 }))) }));
    ctx.out(m.byLight({ detail: list((["red", "yellow", "green"] as const).map((l) => ({ label: ctx.msg.common.light[l], n: byLight[l] }))) }));

    const cases = await casesByStatus(session);
    const n = CASE_STATUSES.reduce((sum, s) => sum + cases[s], 0);
    ctx.out(m.cases({ n, detail: list(CASE_STATUSES.map((s) => ({ label: ctx.msg.common.caseStatus[s], n: cases[s] }))) }));

    const outbox = await outboxHealth(session, now, FAILED_SHOWN);
    ctx.out(m.outbox({ pending: outbox.pending - outbox.sending, sending: outbox.sending, failed: outbox.failed }));
    if (outbox.oldestDueAt) ctx.out(m.oldestPending({ minutes: Math.floor((now.getTime() - outbox.oldestDueAt.getTime()) / 60_000) }));
    if (outbox.stuck > 0) ctx.out(m.stuck({ n: outbox.stuck }));
    for (const f of outbox.failedRecent) {
      ctx.out(m.failedMessage({ id: f.id, key: f.key, platform: f.platform, chatId: f.chatId, error: (f.lastError ?? m.noError).split("\n")[0]! }));
    }
    if (outbox.failed > outbox.failedRecent.length) ctx.out(m.moreFailed({ n: outbox.failed - outbox.failedRecent.length }));

    const failed = await listFailedEvents(ledger, { status: "failed", limit: 5 });
    for (const line of failedEventLines(ctx, failed, failed.length < 5 ? failed.length : await countFailedEvents(ledger))) ctx.out(line);
    for (const line of await calendarStatus(session, ctx)) ctx.out(line);
    return 0;
  },
});
