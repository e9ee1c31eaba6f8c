import { describe, expect, it } from "vitest";
import { moveChat } from "../../src/ledger/chats";
import type { Ledger } from "../../src/ledger/db";
import { DB_KINDS } from "../support/databases";
import { manualClock, queue, testLedger } from "../delivery/fixtures";

const clock = manualClock();
const tg = (chatId: string) => ({ platform: "telegram" as const, chatId, direct: false });
const move = { fromChatId: "-599075523", toChatId: "-1001555296434" };
const moveOnce = (ledger: Ledger) => ledger.tx((session) => moveChat(session, "telegram", move, { now: clock.now(), cause: "service_message" }));
const bind = (ledger: Ledger, chatId: string, purpose: string, extra: { lang?: string; digestTime?: string } = {}) =>
  ledger.db.chat.create({ data: { platform: "telegram", chatId, purpose, createdAt: clock.now(), ...extra } });
const audits = (ledger: Ledger) => ledger.db.auditEvent.findMany({ where: { action: "chat.moved" } });

describe.each(DB_KINDS)("moving a chat to its new id on %s", (kind) => {
  it("takes the binding with all its settings and the unsent messages, once", async () => {
    const ledger = await testLedger(kind);
    const { id } = await bind(ledger, move.fromChatId, "leaders", { lang: "en", digestTime: "07:45" });
    await queue(ledger, clock, "digest:1:2026-11-28", tg(move.fromChatId), "今日台账");

    expect(await moveOnce(ledger)).toEqual({ state: "moved", chat: { lang: "en", threadId: null }, messages: 1 });
    expect(await moveOnce(ledger)).toEqual({ state: "unbound", messages: 0 });

    expect(await ledger.db.chat.findUniqueOrThrow({ where: { id } })).toMatchObject({ chatId: move.toChatId, purpose: "leaders", lang: "en", digestTime: "07:45" });
    expect((await ledger.db.outbox.findFirstOrThrow()).chatId).toBe(move.toChatId);
    const [audit, ...more] = await audits(ledger);
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actor: "system", actorId: null });
    expect(JSON.parse(audit!.detail)).toEqual({ platform: "telegram", from: move.fromChatId, to: move.toChatId, cause: "service_message", binding: "moved", messages: 1 });
  });

  it("keeps a binding made at the new id meanwhile and drops the old one", async () => {
    const ledger = await testLedger(kind);
    await bind(ledger, move.fromChatId, "leaders");
    await bind(ledger, move.toChatId, "coordinators");

    expect(await moveOnce(ledger)).toEqual({ state: "superseded", messages: 0 });
    expect(await ledger.db.chat.findMany({ select: { chatId: true, purpose: true } })).toEqual([{ chatId: move.toChatId, purpose: "coordinators" }]);
    expect(await audits(ledger)).toHaveLength(1);
  });

  it("sends a waiting reply or receipt edit as a new message there: the old chat's message ids name other messages", async () => {
    const ledger = await testLedger(kind);
    await bind(ledger, move.fromChatId, "unit");
    await queue(ledger, clock, "receipt:7", tg(move.fromChatId), { blocks: [{ type: "text", text: "已记录进展" }], replyTo: "41", edit: "42" });
    await moveOnce(ledger);
    const row = await ledger.db.outbox.findFirstOrThrow();
    expect(row.chatId).toBe(move.toChatId);
    expect(JSON.parse(row.payload)).toEqual({ blocks: [{ type: "text", text: "已记录进展" }] });
  });

  it("changes nothing and records nothing for a chat that was never bound and has nothing waiting", async () => {
    const ledger = await testLedger(kind);
    expect(await moveOnce(ledger)).toEqual({ state: "unbound", messages: 0 });
    expect(await audits(ledger)).toEqual([]);
  });
});
