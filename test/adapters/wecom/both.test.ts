/**
 * The whole bot behind WeCom with the self-built app and the intelligent robot both configured
 * (one "wecom" channel, combineWecom): a person binds once, in their chat with the app, and is
 * the same person when they report by @mentioning the robot in a group.
 */
import { afterEach, describe, expect, it } from "vitest";
import { combineWecom } from "../../../adapters/wecom/both";
import { issueBindCode } from "../../../src/ledger/people";
import { textMessage } from "../../support/fake-wecom";
import { robotText } from "../../support/fake-wecom-robot";
import { startTestDuban, type TestDuban } from "../../support/harness";
import { ROBOT_GROUP, wireRobot } from "./robot-setup";
import { wireWecom } from "./setup";

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("WeCom with the app and the robot together", () => {
  it("one /绑定 in the chat with the app serves the robot's groups too: the WeCom userid is the identity", async () => {
    const app = await wireWecom();
    const robot = await wireRobot({ dataDir: app.dataDir });
    cleanup.push(() => app.cleanup(), () => robot.cleanup(), () => app.fake.close(), () => robot.fake.close());
    const t: TestDuban = await startTestDuban({ adapters: [combineWecom(app.adapter, robot.adapter)], env: { DUBAN_DATA_DIR: app.dataDir } });
    cleanup.push(() => t.close());
    await robot.fake.authenticated();
    const url = app.adapter.callbackUrl()!;
    const code = await t.ledger.tx((s) => issueBindCode(s, { personId: t.county.people.official.id, createdById: t.county.people.coordinator.id, now: t.clock.now() }));

    await app.fake.callback(url, textMessage({ from: "zhangsan", content: `/绑定 ${code}` }));
    await t.deliverAll();
    expect(await t.ledger.db.chatIdentity.findMany({ select: { platform: true, userId: true, personId: true } })).toEqual([
      { platform: "wecom", userId: "zhangsan", personId: t.county.people.official.id },
    ]);

    robot.fake.push(robotText(robot.fake.botId, { userId: "zhangsan", chatId: ROBOT_GROUP, content: "@督办助手 #中央-07-2 河道清淤完成60%" }));
    await until(async () => (await t.ledger.db.report.count()) === 1, "the robot's report");
    await t.deliverAll();
    const [report] = await t.ledger.db.report.findMany();
    expect(report).toMatchObject({ reporterId: t.county.people.official.id, platform: "wecom", chatId: ROBOT_GROUP, percent: 60 });
    // The receipt goes back through the robot into the group, not through the app.
    expect(robot.fake.texts().filter((s) => s.chatId === ROBOT_GROUP).map((s) => s.text).join("\n")).toContain("已记录进展：中央-07-2");
    expect(app.fake.texts().map((p) => p.chatId)).not.toContain(ROBOT_GROUP);
  });
});
