import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../support/fake-slack";
import { startBotBehind, type BotBehind } from "../../support/bot-behind";
import { buggyRoute, POISON } from "../../support/poison";
import { messageEvent, slashCommand } from "./requests";
import { until, wireAdapter, type Wired } from "./setup";

/** Another app's modal submitted to this one: acknowledged at once and left alone. */
const MODAL = { type: "view_submission", team: { id: "T0FAKE" }, user: { id: "U1" }, api_app_id: "A0FAKE", trigger_id: "1.2.3", view: { id: "V1", type: "modal", callback_id: "not_duban", state: { values: {} } } };

let bot: BotBehind | undefined;
afterEach(async () => {
  await bot?.close();
  bot = undefined;
});

let fake: FakeSlack;
let wired: Wired | undefined;
beforeEach(async () => {
  fake = await startFakeSlack();
});
afterEach(async () => {
  await wired?.close();
  wired = undefined;
  await fake.close();
});

describe("Socket Mode, for a bot without a public URL", () => {
  it("a message arrives over the socket and is acknowledged; a redelivery keeps its event id", async () => {
    wired = await wireAdapter(fake, { extra: { appToken: fake.appToken, signingSecret: undefined } });
    expect(wired.adapter.eventsUrl()).toBeNull();
    const { request, eventId } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 完成" });
    const body = JSON.parse(request.body) as Record<string, unknown>;
    await fake.pushEnvelope("events_api", body, "env-1");
    await fake.pushEnvelope("events_api", body, "env-2", 1);
    await until(() => wired!.events.length === 2, "both deliveries");
    expect(wired.events.map((e) => [e.eventId, e.text])).toEqual([
      [eventId, "中央-07-2 完成"],
      [eventId, "中央-07-2 完成"],
    ]);
  });

  it("a message is acknowledged only once the bot has recorded it", async () => {
    let recorded!: () => void;
    const recording = new Promise<void>((r) => (recorded = r));
    wired = await wireAdapter(fake, { extra: { appToken: fake.appToken, signingSecret: undefined }, sink: () => recording });
    const { request } = messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 完成" });
    const acked = fake.pushEnvelope("events_api", JSON.parse(request.body) as Record<string, unknown>, "env-rec");
    await until(() => wired!.events.length === 1, "the event handed to the bot");
    // The socket keeps order: an ack sent before this modal's would have arrived before it.
    await fake.pushEnvelope("interactive", MODAL, "env-m1");
    expect(fake.acks).toEqual(["env-m1"]);
    recorded();
    await acked;
    expect(fake.acks).toEqual(["env-m1", "env-rec"]);
  });

  it("a message whose inbox write fails is not acknowledged, and Slack's redelivery is", async () => {
    let fail = true;
    wired = await wireAdapter(fake, {
      extra: { appToken: fake.appToken, signingSecret: undefined },
      sink: async () => {
        if (fail) throw new Error("database is locked");
      },
    });
    const body = JSON.parse(messageEvent({ channel: "C0DUBAN", user: "U1", text: "中央-07-2 完成" }).request.body) as Record<string, unknown>;
    void fake.pushEnvelope("events_api", body, "env-fail");
    await until(() => wired!.logs.some((l) => l.includes("left unacknowledged")), "the failed write");
    await fake.pushEnvelope("interactive", MODAL, "env-m2");
    expect(fake.acks).toEqual(["env-m2"]);
    fail = false;
    await fake.pushEnvelope("events_api", body, "env-again", 1);
    expect(fake.acks).toEqual(["env-m2", "env-again"]);
    expect(wired.events).toHaveLength(2);
  });

  it("the /duban command arrives over the socket", async () => {
    wired = await wireAdapter(fake, { extra: { appToken: fake.appToken, signingSecret: undefined } });
    const form = Object.fromEntries(new URLSearchParams(slashCommand({ channel: "C0DUBAN", user: "U1", text: "mine" }).body));
    await fake.pushEnvelope("slash_commands", form, "env-3");
    expect(wired.events[0]!.command).toEqual({ name: "mine", args: "" });
  });

  it("a message the bot fails on is recorded as failed and answered, and the next one goes through", async () => {
    const bug = buggyRoute();
    let behind: ((e: Parameters<BotBehind["handle"]>[0]) => Promise<void>) | undefined;
    wired = await wireAdapter(fake, { extra: { appToken: fake.appToken, signingSecret: undefined }, sink: (e) => behind!(e) });
    bot = await startBotBehind(wired.adapter, bug.route);
    behind = bot.handle;
    const poison = messageEvent({ channel: "C0DUBAN", user: "U1", text: `#中央-07-2 ${POISON} 完成` });
    const next = messageEvent({ channel: "C0DUBAN", user: "U1", text: "#中央-07-2 完成" });
    await fake.pushEnvelope("events_api", JSON.parse(poison.request.body) as Record<string, unknown>, "env-p");
    await fake.pushEnvelope("events_api", JSON.parse(next.request.body) as Record<string, unknown>, "env-n");
    await bot.processed(2);
    await bot.deliverAll();
    expect(bug.fired()).toBe(3);
    expect(await bot.failedEvents()).toBe(1);
    expect(fake.messages.map((m) => m.text)).toEqual([
      expect.stringContaining("抱歉，这条消息没能处理"),
      expect.stringContaining("您的账号还没有绑定"),
    ]);
  });

  it("a modal submitted over the socket is acknowledged and left alone", async () => {
    wired = await wireAdapter(fake, { extra: { appToken: fake.appToken, signingSecret: undefined } });
    await fake.pushEnvelope("interactive", MODAL, "env-m");
    expect(wired.events).toEqual([]);
  });
});
