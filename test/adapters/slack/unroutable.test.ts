/**
 * Requests Slack sends that are not duban's business are still answered, at once: left
 * unanswered, Slack times out, retries, and eventually disables the app's events. Shapes
 * from Slack's docs (api.slack.com/apis/events-api#rate_limiting for app_rate_limited,
 * reference/interaction-payloads for block_actions and view_submission).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack, type SlackRequest } from "../../support/fake-slack";
import { blockAction, messageEvent } from "./requests";
import { wireAdapter, type Wired } from "./setup";

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

const json = (body: object): SlackRequest => ({ contentType: "application/json", body: JSON.stringify(body) });
const form = (payload: object): SlackRequest => ({
  contentType: "application/x-www-form-urlencoded",
  body: new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
});

const appRateLimited = json({ token: "legacy-verification-token", type: "app_rate_limited", team_id: "T0FAKE", minute_rate_limited: 1780000020, api_app_id: "A0FAKE" });
const viewSubmission = form({
  type: "view_submission",
  team: { id: "T0FAKE", domain: "fake" },
  user: { id: "U1", username: "zhangsan", name: "zhangsan", team_id: "T0FAKE" },
  api_app_id: "A0FAKE",
  token: "legacy-verification-token",
  trigger_id: "12345.98765.abcd2358fdea",
  view: { id: "V0FAKE", type: "modal", callback_id: "someone_elses_modal", state: { values: {} }, hash: "156663117.cd33ad1f", private_metadata: "" },
  response_urls: [],
});

describe("requests duban has no route for are answered at once", () => {
  // With this budget an unanswered request would wait a minute: the test would time out.
  const slow = { extra: { ackBudgetMs: 60_000 } };

  it("Slack's notice that it is rate-limiting events", async () => {
    wired = await wireAdapter(fake, slow);
    expect((await wired.post(appRateLimited)).status).toBe(200);
    expect(wired.events).toEqual([]);
    expect(wired.logs.join("\n")).toContain("rate-limiting the events");
  });

  it("a press on a button that is not duban's", async () => {
    wired = await wireAdapter(fake, slow);
    const press = blockAction({ channel: "C0DUBAN", user: "U1", value: "approve", messageTs: "1780000001.000100", actionId: "other_app_approve" });
    expect((await wired.post(press)).status).toBe(200);
    expect(wired.events).toEqual([]);
  });

  it("a modal submitted to this app", async () => {
    wired = await wireAdapter(fake, slow);
    expect((await wired.post(viewSubmission)).status).toBe(200);
    expect(wired.events).toEqual([]);
  });

  it("a request of a type Bolt does not know, once the ack budget has passed", async () => {
    wired = await wireAdapter(fake, { extra: { ackBudgetMs: 100 } });
    expect((await wired.post(json({ type: "something_new", team_id: "T0FAKE", api_app_id: "A0FAKE" }))).status).toBe(200);
    expect(wired.events).toEqual([]);
  });

  it("and the next message still reaches the bot", async () => {
    wired = await wireAdapter(fake, slow);
    await wired.post(appRateLimited);
    await wired.post(viewSubmission);
    expect((await wired.post(messageEvent({ channel: "C0DUBAN", user: "U1", text: "#中央-07-2 完成" }).request)).status).toBe(200);
    expect(wired.events.map((e) => e.text)).toEqual(["#中央-07-2 完成"]);
  });
});
