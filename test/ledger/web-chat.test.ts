import { describe, expect, it } from "vitest";
import {
  appendWebIn,
  appendWebOut,
  findWebMessage,
  lastWebMessageId,
  recentWebMessages,
  webMessagesAfter,
} from "../../src/ledger/web-history";
import { webRoomsOf } from "../../src/ledger/web-rooms";
import { earliestIdentityOf } from "../../src/ledger/web-identity";
import { DB_KINDS } from "../support/databases";
import { testLedger, testLedgers } from "../delivery/fixtures";

const at = new Date("2026-03-02T01:00:00Z");
const said = (text: string) => ({ kind: "person", personId: 1, name: "张三", clientId: text, text, photos: [] });

describe.each(DB_KINDS)("the web chat's ledger on %s", (kind) => {
  it("a person's message sent again with the same client key is the same row", async () => {
    const ledger = await testLedger(kind);
    const first = await appendWebIn(ledger.session, { chatId: "w-a", clientKey: "w-a:1", payload: said("一"), at });
    const again = await appendWebIn(ledger.session, { chatId: "w-a", clientKey: "w-a:1", payload: said("changed"), at });
    expect(first).toEqual({ fresh: true, row: { id: first.row.id, chatId: "w-a", direction: "in", payload: said("一"), at } });
    expect(again).toEqual({ fresh: false, row: first.row });
    // The same key in another chat is another message.
    expect((await appendWebIn(ledger.session, { chatId: "w-b", clientKey: "w-a:1", payload: said("一"), at })).fresh).toBe(true);
  });

  it("two processes racing with one message write one row, and both are told which", async () => {
    const [a, b] = await testLedgers(kind, 2);
    for (let i = 0; i < 5; i++) {
      const m = { chatId: "w-a", clientKey: `w-a:${i}`, payload: said(String(i)), at };
      const results = await Promise.all([appendWebIn(a!.session, m), appendWebIn(b!.session, m)]);
      expect(results.filter((r) => r.fresh)).toHaveLength(1);
      expect(results[0]!.row.id).toBe(results[1]!.row.id);
    }
    expect(await a!.db.webMessage.count()).toBe(5);
  });

  it("reads what came after a row, the last rows of a chat and one row, oldest first", async () => {
    const ledger = await testLedger(kind);
    expect(await lastWebMessageId(ledger.session)).toBe(0);
    const ids: number[] = [];
    for (const text of ["一", "二", "三"]) ids.push((await appendWebOut(ledger.session, { chatId: "room", payload: { kind: "bot", text }, at })).id);
    await appendWebOut(ledger.session, { chatId: "elsewhere", payload: { kind: "bot", text: "四" }, at });

    expect((await webMessagesAfter(ledger.session, ["room"], ids[0]!, 10)).map((r) => r.id)).toEqual(ids.slice(1));
    expect(await webMessagesAfter(ledger.session, [], 0, 10)).toEqual([]);
    expect((await webMessagesAfter(ledger.session, ["room", "elsewhere"], 0, 10)).map((r) => r.chatId)).toEqual(["room", "room", "room", "elsewhere"]);
    expect((await recentWebMessages(ledger.session, "room", 2)).map((r) => r.payload)).toEqual([{ kind: "bot", text: "二" }, { kind: "bot", text: "三" }]);
    expect(await findWebMessage(ledger.session, "room", ids[1]!)).toEqual({ id: ids[1], chatId: "room", direction: "out", payload: { kind: "bot", text: "二" }, at });
    expect(await findWebMessage(ledger.session, "elsewhere", ids[1]!)).toBeNull();
    expect(await lastWebMessageId(ledger.session)).toBe(ids[2]! + 1);
  });

  it("a row whose stored text is not JSON comes back without a payload, for the adapter to leave out", async () => {
    const ledger = await testLedger(kind);
    const { id } = await ledger.db.webMessage.create({ data: { chatId: "room", direction: "out", payload: "{broken", at } });
    expect((await findWebMessage(ledger.session, "room", id))?.payload).toBeUndefined();
  });

  it("lists the web rooms a person may open, and a demo sign-in's earlier identity", async () => {
    const ledger = await testLedger(kind);
    const unit = await ledger.db.unit.create({ data: { name: "县水利局", createdAt: at } });
    const person = await ledger.db.person.create({ data: { name: "张三", unitId: unit.id, roles: "official" } });
    for (const [chatId, purpose, unitId] of [["water", "unit", unit.id], ["leaders", "leaders", null], ["w-x", "direct", null], ["office", "coordinators", null]] as const) {
      await ledger.db.chat.create({ data: { platform: "web", chatId, purpose, unitId, title: chatId === "water" ? "水利局工作群" : null, createdAt: at } });
    }
    await ledger.db.chat.create({ data: { platform: "telegram", chatId: "-1", purpose: "unit", unitId: unit.id, createdAt: at } });

    expect(await webRoomsOf(ledger.session, { id: person.id, unitId: unit.id, roles: ["official"] })).toEqual([
      { chatId: "water", title: "水利局工作群", purpose: "unit", unitId: unit.id },
    ]);
    expect((await webRoomsOf(ledger.session, { id: 9, unitId: null, roles: ["admin"] })).map((r) => r.chatId)).toEqual(["water", "leaders", "office"]);

    expect(await earliestIdentityOf(ledger.session, "web", person.id)).toBeNull();
    await ledger.db.chatIdentity.create({ data: { platform: "telegram", userId: "42", personId: person.id } });
    await ledger.db.chatIdentity.create({ data: { platform: "web", userId: "w-first", personId: person.id } });
    await ledger.db.chatIdentity.create({ data: { platform: "web", userId: "w-second", personId: person.id } });
    expect(await earliestIdentityOf(ledger.session, "web", person.id)).toBe("w-first");
  });
});
