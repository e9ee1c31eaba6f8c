/**
 * The contract every chat adapter passes (as in Vercel's Chat SDK): run against a local
 * fake of the platform's HTTP API, through the real SDK. Each adapter's test file calls
 * `adapterContract("telegram", makeDriver)` with a driver for its fake platform.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ChatAdapter, EventSink, InboundEvent } from "../../src/core/chat";
import { plainText } from "../../src/core/chat";
import { startBotBehind, type BotBehind } from "./bot-behind";
import { buggyRoute, POISON } from "./poison";

export interface ContractDriver {
  /** The adapter under test, not yet started: the suite starts it with its own sink. */
  adapter: ChatAdapter;
  /** The fake platform delivers a text message; resolves once the adapter has handed it to the sink. */
  sendText(p: { chatId: string; userId: string; text: string; direct?: boolean }): Promise<void>;
  /** The fake platform delivers the last inbound event again (a retry or a redelivery). */
  redeliverLast(): Promise<void>;
  /** The fake platform delivers a message written by the bot itself. */
  sendOwnMessage(chatId: string, text: string): Promise<void>;
  /** A request with a bad signature or secret: the HTTP status the adapter answered; null when the transport has none (long polling). */
  sendBadSignature(): Promise<number | null>;
  /** Messages the fake platform received from the adapter, in order. */
  posted(): { chatId: string; text: string }[];
  /** Turn the platform's markup back into the text a person reads (unescape entities, drop tags). */
  readable(text: string): string;
  /** The next message post answers 429 with this Retry-After. */
  fail429Next(retryAfterSec: number): void;
  /**
   * The fake platform delivers something duban has no route for (a Telegram update kind it
   * does not use, a Slack modal, a web frame of an unknown type); resolves true once the
   * platform got its answer (HTTP 2xx, the polling offset moved past it, a frame back).
   */
  sendUnroutable(): Promise<boolean>;
  /** The person edits the last text they sent through sendText; absent where the platform tells bots of no edits (DingTalk). */
  editLast?(text: string): Promise<void>;
  /** A chat id the fake platform knows. */
  chatId: string;
  close(): Promise<void>;
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What a platform cannot do at all, so the contract does not ask it: `edits: false` where bots are told of no edits, `retryAfter: false` where no send says when to retry. */
export interface ContractOptions {
  edits?: boolean;
  /** `retryAfter: false` where sends carry no Retry-After (a long connection answering errcodes only). */
  retryAfter?: boolean;
}

export function adapterContract(name: string, makeDriver: () => Promise<ContractDriver>, options: ContractOptions = {}): void {
  describe(`${name} adapter contract`, () => {
    let driver: ContractDriver;
    let events: InboundEvent[];
    /** The real bot, when a test puts one behind the adapter. */
    let behind: EventSink | undefined;
    let bot: BotBehind | undefined;

    beforeEach(async () => {
      driver = await makeDriver();
      events = [];
      behind = undefined;
      await driver.adapter.start(async (e) => {
        events.push(e);
        await behind?.(e);
      });
    });
    afterEach(async () => {
      await driver.adapter.stop();
      await driver.close();
      await bot?.close();
      bot = undefined;
    });

    const said = () => driver.posted().map((p) => driver.readable(p.text)).join("\n");

    it("turns a platform message into one event with the sender and the text", async () => {
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: "中央-07-2 已完成60%" });
      await until(() => events.length === 1, "the event");
      expect(events[0]!.sender.userId).toBe("u1");
      expect(events[0]!.text).toContain("中央-07-2 已完成60%");
      expect(events[0]!.chat.platform).toBe(name);
    });

    it("gives a redelivered message the same event id", async () => {
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: "hello" });
      await until(() => events.length >= 1, "the first delivery");
      await driver.redeliverLast();
      await until(() => events.length >= 2, "the redelivery");
      expect(events[1]!.eventId).toBe(events[0]!.eventId);
    });

    it("ignores the bot's own messages", async () => {
      await driver.sendOwnMessage(driver.chatId, "我是机器人");
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: "after" });
      await until(() => events.length >= 1, "the later message");
      expect(events.map((e) => e.text)).toEqual(["after"]);
    });

    it("refuses a request with a bad signature and hands nothing to the bot", async () => {
      const status = await driver.sendBadSignature();
      if (status !== null) expect(status).toBeGreaterThanOrEqual(400);
      expect(events).toEqual([]);
    });

    it("escapes text so that item titles with markup characters arrive as written", async () => {
      const title = "河道_清淤 *重点* (A-1) <b>&amp; [链接](x) `代码` 1.5";
      await driver.adapter.send({ platform: driver.adapter.platform, chatId: driver.chatId, direct: false }, {
        blocks: [{ type: "heading", text: title }, { type: "list", items: [title] }],
      });
      const posted = driver.posted();
      expect(posted).toHaveLength(1);
      expect(driver.readable(posted[0]!.text)).toContain(title);
    });

    it("splits a long text into messages within the platform's limit, losing nothing", async () => {
      const lines = Array.from({ length: 800 }, (_, i) => `第${i + 1}项：河道清淤整改进展情况说明`);
      await driver.adapter.send({ platform: driver.adapter.platform, chatId: driver.chatId, direct: false }, {
        blocks: [{ type: "text", text: lines.join("\n") }],
      });
      const posted = driver.posted();
      expect(posted.length).toBeGreaterThan(1);
      for (const p of posted) expect(p.text.length).toBeLessThanOrEqual(driver.adapter.caps.maxText);
      const all = posted.map((p) => driver.readable(p.text)).join("\n");
      for (const line of [lines[0]!, lines[399]!, lines[799]!]) expect(all).toContain(line);
    });

    it("acknowledges a request it has no route for, and the next message still arrives", async () => {
      expect(await driver.sendUnroutable()).toBe(true);
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: "#中央-07-2 已完成60%" });
      await until(() => events.length >= 1, "the next message");
      expect(events.map((e) => e.text.trim())).toEqual(["#中央-07-2 已完成60%"]);
    });

    it("a message the bot fails on does not block the next one: it is recorded as failed and its sender told", async () => {
      const bug = buggyRoute();
      bot = await startBotBehind(driver.adapter, bug.route);
      behind = bot.handle;
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: `#中央-07-2 ${POISON} 已完成60%` });
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: "#中央-07-2 已完成70%" });
      await bot.processed(2);
      await bot.deliverAll();
      expect(await bot.failedEvents()).toBe(1);
      expect(said()).toContain("抱歉，这条消息没能处理，已记录并通知管理员。");
      // The next one was handled: the (unbound) sender got the bot's answer to it.
      expect(said()).toContain(plainText({ blocks: [{ type: "text", text: bot.unboundReply }] }));
    });

    it.skipIf(options.edits === false)("an edit corrects the report it changes, never duplicates it", async () => {
      bot = await startBotBehind(driver.adapter);
      behind = bot.handle;
      await bot.bind("u1");
      await driver.sendText({ chatId: driver.chatId, userId: "u1", text: "#中央-07-2 河道清淤完成60%" });
      await bot.processed(1);
      await driver.editLast!("#中央-07-2 河道清淤完成70%");
      await bot.processed(2);
      expect(events[1]!.edited).toBe(true);
      expect(await bot.reports()).toEqual([{ text: "河道清淤完成70%", percent: 70 }]);
      await bot.deliverAll();
      expect(said()).toContain("进度 70%");
    });

    it.skipIf(options.retryAfter === false)("classifies a 429 as retry after the platform's delay", async () => {
      driver.fail429Next(7);
      const err = await driver.adapter
        .send({ platform: driver.adapter.platform, chatId: driver.chatId, direct: false }, { blocks: [{ type: "text", text: "x" }] })
        .then(() => null, (e: unknown) => e);
      expect(err).not.toBeNull();
      const verdict = driver.adapter.classify(err);
      expect(verdict.retry).toBe(true);
      expect(verdict.afterMs).toBe(7000);
    });
  });
}
