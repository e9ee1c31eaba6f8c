/**
 * /绑定 guessing: an identity that keeps sending wrong codes is told once to wait and then
 * answered no more, while everyone else binds as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueBindCode } from "../../src/ledger/people";
import type { PersonKey } from "../support/county";
import { startTestDuban, type TestDuban } from "../support/harness";

let t: TestDuban;
beforeAll(async () => {
  t = await startTestDuban();
});
afterAll(() => t.close());

const codeFor = (person: PersonKey) =>
  t.ledger.tx((session) => issueBindCode(session, { personId: t.county.people[person].id, createdById: t.county.people.coordinator.id, now: t.clock.now() }));

async function guess(userId: string, times: number): Promise<string[]> {
  for (let i = 0; i < times; i++) await t.say(userId, `/绑定 WRONG${String(i).padStart(3, "0")}`);
  return t.replies();
}

describe("guessing bind codes", () => {
  it("five wrong codes are answered, then one message asks to wait, then silence", async () => {
    const replies = await guess("guesser", 60);
    expect(replies.slice(0, 5).every((r) => r.startsWith("绑定码不正确"))).toBe(true);
    expect(replies.slice(5)).toEqual(["尝试次数过多，请 5 分钟后再试。"]);
  });

  it("while the guesser waits, even the right code from them is not taken", async () => {
    await t.say("guesser", `/绑定 ${await codeFor("official")}`);
    expect(await t.replies()).toEqual([]);
    expect(await t.ledger.db.chatIdentity.count({ where: { userId: "guesser" } })).toBe(0);
  });

  it("someone else binds with their code while the guesser waits", async () => {
    await t.say("honest", `/绑定 ${await codeFor("official2")}`);
    expect((await t.replies()).join("\n")).toContain("绑定成功！");
  });

  it("the same user id on another platform is another identity", async () => {
    await t.chat.deliver({
      eventId: "other-platform-1",
      chat: { platform: "web", chatId: "guesser", direct: true },
      sender: { userId: "guesser" },
      text: "/绑定 WRONG999",
      media: [],
      at: t.clock.now(),
    });
    expect(await t.ledger.db.outbox.count({ where: { chatId: "guesser", platform: "web" } })).toBe(1);
  });

  it("after the wait the guesser may try again, and each further wrong code makes the wait longer", async () => {
    t.clock.advance(5 * 60_000);
    expect(await guess("guesser", 3)).toEqual([expect.stringMatching(/^绑定码不正确/), "尝试次数过多，请 10 分钟后再试。"]);
    t.clock.advance(10 * 60_000);
    await t.say("guesser", `/绑定 ${await codeFor("leader")}`);
    expect((await t.replies()).join("\n")).toContain("绑定成功！");
  });
});
