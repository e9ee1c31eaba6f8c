import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "../../support/fake-slack";
import { messageEvent, slashCommand } from "./requests";
import { until, wireAdapter, type Wired } from "./setup";

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
    // Slack's Events API is acknowledged before the bot sees the event.
    await until(() => wired!.events.length === 2, "both deliveries");
    expect(wired.events.map((e) => [e.eventId, e.text])).toEqual([
      [eventId, "中央-07-2 完成"],
      [eventId, "中央-07-2 完成"],
    ]);
  });

  it("the /duban command arrives over the socket", async () => {
    wired = await wireAdapter(fake, { extra: { appToken: fake.appToken, signingSecret: undefined } });
    const form = Object.fromEntries(new URLSearchParams(slashCommand({ channel: "C0DUBAN", user: "U1", text: "mine" }).body));
    await fake.pushEnvelope("slash_commands", form, "env-3");
    expect(wired.events[0]!.command).toEqual({ name: "mine", args: "" });
  });
});
