/**
 * Binding on DingTalk, the whole bot behind the real adapter (the real dingtalk-stream
 * client on the fake's gateway): the staff id and the union id are recorded.
 */
import { afterEach, describe, expect, it } from "vitest";
import { readMarkdown } from "../../../adapters/dingtalk/format";
import { issueBindCode } from "../../../src/ledger/people";
import type { FakeDingTalk, Json } from "../../support/fake-dingtalk";
import type { PersonKey } from "../../support/county";
import type { TestDuban } from "../../support/harness";
import { startDingTalkBot, type DingTalkBot } from "./setup";

const ZHANG = "staff-zhangsan";

let bot: DingTalkBot;
let fake: FakeDingTalk;
let t: TestDuban;

async function start() {
  bot = await startDingTalkBot();
  ({ fake, t } = bot);
}

afterEach(() => bot?.close());

const say = (data: Json) => bot.say(data);
const direct = (text: string) => fake.robotMessage({ conversationId: "cidDirectZhang", userId: ZHANG, direct: true, text });
const codeFor = (who: PersonKey = "official") => t.ledger.tx((session) => issueBindCode(session, { personId: t.county.people[who].id, createdById: null, now: t.clock.now() }));
const identity = () => t.ledger.db.chatIdentity.findUniqueOrThrow({ where: { platform_userId: { platform: "dingtalk", userId: ZHANG } } });
const shown = () => fake.sent.filter((m) => m.chatId === ZHANG).map((m) => readMarkdown(m.text)).join("\n");

describe("binding a DingTalk identity", () => {
  it("/绑定 records the staff id and the union id DingTalk's contacts give for it", async () => {
    await start();
    fake.addUser(ZHANG, "union-zhang-001");
    await say(direct(`/绑定 ${await codeFor()}`));
    await t.deliverAll();
    expect(shown()).toContain("绑定成功！张三");
    const bound = await identity();
    expect(bound.personId).toBe(t.county.people.official.id);
    expect(bound.unionId).toBe("union-zhang-001");
    const audit = await t.ledger.db.auditEvent.findFirstOrThrow({ where: { action: "person.bound" } });
    expect(JSON.parse(audit.detail)).toMatchObject({ platform: "dingtalk", userId: ZHANG, unionId: "union-zhang-001" });
  });

  it("when the contacts cannot give a union id, the person is still bound by the staff id", async () => {
    await start();
    await say(direct(`/绑定 ${await codeFor()}`));
    await t.deliverAll();
    expect(shown()).toContain("绑定成功！张三");
    expect((await identity()).unionId).toBeNull();
  });

  it("a token the contacts API refuses is fetched again and the union id still recorded", async () => {
    await start();
    fake.addUser(ZHANG, "union-zhang-002");
    fake.addUser("staff-lisi", "union-li-001");
    // Another person's binding makes the adapter hold a token, which DingTalk then revokes.
    await say(fake.robotMessage({ conversationId: "cidDirectLi", userId: "staff-lisi", direct: true, text: `/绑定 ${await codeFor("official2")}` }));
    await t.deliverAll();
    fake.expireTokens();
    const before = fake.tokensIssued.length;
    await say(direct(`/绑定 ${await codeFor()}`));
    await t.deliverAll();
    expect((await identity()).unionId).toBe("union-zhang-002");
    expect(fake.tokensIssued.length).toBeGreaterThan(before);
  });

  it("other messages cost no contacts lookup", async () => {
    await start();
    await t.bindAs("dingtalk", ZHANG, "official");
    await say(direct("/帮助"));
    await t.deliverAll();
    expect(fake.calls.map((c) => c.path)).not.toContain("/topapi/v2/user/get");
  });
});
