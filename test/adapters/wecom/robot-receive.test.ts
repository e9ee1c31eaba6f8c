/** What the WeCom robot adapter makes of what WeCom pushes over the long connection, through the real SDK. */
import { afterEach, describe, expect, it } from "vitest";
import type { InboundEvent } from "../../../src/core/chat";
import { createLogger } from "../../../src/log";
import { robotDisplaced, robotImage, robotMixed, robotText } from "../../support/fake-wecom-robot";
import { jpeg } from "../../support/images";
import { ROBOT_GROUP, wireRobot, type RobotWired } from "./robot-setup";

let w: RobotWired | undefined;
afterEach(async () => {
  await w?.adapter.stop();
  await w?.fake.close();
  w?.cleanup();
  w = undefined;
});

async function listening(extra: Parameters<typeof wireRobot>[0] = {}): Promise<{ w: RobotWired; events: InboundEvent[]; next(n: number): Promise<void> }> {
  w = await wireRobot(extra);
  const events: InboundEvent[] = [];
  await w.adapter.start(async (e) => void events.push(e));
  const next = async (n: number) => {
    for (let i = 0; i < 300 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    if (events.length < n) throw new Error(`expected ${n} events, got ${events.length}`);
  };
  return { w, events, next };
}

describe("receiving as the WeCom robot", () => {
  it("drops the leading @mention in a group, so a command after it is a command", async () => {
    const { w, events, next } = await listening();
    w.fake.push(robotText(w.fake.botId, { userId: "zhangsan", chatId: ROBOT_GROUP, content: "@督办助手\u2005/查询 省-15" }));
    await next(1);
    expect(events[0]).toMatchObject({ command: { name: "查询", args: "省-15" }, chat: { chatId: ROBOT_GROUP, direct: false, threadId: "robot" }, sender: { userId: "zhangsan" } });
  });

  it("drops every @mention before the first word, the robot's among others, so the command still reads", async () => {
    const { w, events, next } = await listening();
    w.fake.push(robotText(w.fake.botId, { userId: "zhangsan", chatId: ROBOT_GROUP, content: "@李四 @督办助手 /进展 中央-07-2" }));
    await next(1);
    expect(events[0]).toMatchObject({ command: { name: "进展", args: "中央-07-2" } });
  });

  it("names a one-to-one chat by the person's userid, the identity app mode uses too", async () => {
    const { w, events, next } = await listening();
    w.fake.push(robotText(w.fake.botId, { userId: "lisi", content: "@某人 不是提及机器人" }));
    await next(1);
    expect(events[0]).toMatchObject({ text: "@某人 不是提及机器人", chat: { chatId: "lisi", direct: true, threadId: "robot" } });
  });

  it("keeps the text and every picture of a mixed message together, and downloads each picture decrypted", async () => {
    const { w, events, next } = await listening();
    const [a, b] = [await jpeg({ seed: 41 }), await jpeg({ seed: 42 })];
    w.fake.push(robotMixed(w.fake.botId, { userId: "zhangsan", chatId: ROBOT_GROUP, content: "@督办助手 #中央-07-2 完成", images: [w.fake.addMedia(a), w.fake.addMedia(b)] }));
    await next(1);
    expect(events[0]!.text).toBe("#中央-07-2 完成");
    expect(events[0]!.media.map((m) => m.kind)).toEqual(["photo", "photo"]);
    const bytes = await Promise.all(events[0]!.media.map((m) => w.adapter.download(m)));
    expect(bytes).toEqual([new Uint8Array(a), new Uint8Array(b)]);
  });

  it("still takes a message in when WeCom leaves out the robot's id or sends the time as a string", async () => {
    const { w, events, next } = await listening();
    const { aibotid: _, ...body } = robotText(w.fake.botId, { userId: "zhangsan", content: "#省-15 完成" });
    w.fake.push({ ...body, create_time: "1764640000" });
    await next(1);
    expect(events[0]).toMatchObject({ text: "#省-15 完成", at: new Date(1764640000 * 1000) });
  });

  it("hands on one chat's messages in the order WeCom pushed them", async () => {
    const { w, events, next } = await listening();
    // A picture alone comes only from the one-to-one chat (developer.work.weixin.qq.com/document/path/100719).
    w.fake.push(robotText(w.fake.botId, { userId: "zhangsan", content: "#中央-07-2 完成40%" }));
    w.fake.push(robotImage(w.fake.botId, { userId: "zhangsan", media: w.fake.addMedia(await jpeg({ seed: 43 })) }));
    await next(2);
    expect(events.map((e) => e.media.length)).toEqual([0, 1]);
  });

  it("says so in the log, and reports the channel down, when WeCom drops the connection for a newer one with the same Bot ID", async () => {
    const lines: string[] = [];
    const { w } = await listening({ log: createLogger("info", (l) => lines.push(l)) });
    await w.fake.authenticated();
    expect(w.adapter.connected!()).toBe(true);
    w.fake.push(robotDisplaced(w.fake.botId), "aibot_event_callback");
    for (let i = 0; i < 300 && w.adapter.connected!(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(w.adapter.connected!()).toBe(false);
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string });
    expect(logged.filter((l) => l.level === 50).map((l) => l.msg)).toEqual([expect.stringMatching(/another connection opened with the same WECOM_BOT_ID/)]);
  });
});
