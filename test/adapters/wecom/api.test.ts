/** The access token behind every WeCom call: fetched once, shared, fetched again before it runs out or when WeCom refuses it. */
import { afterEach, describe, expect, it } from "vitest";
import { createWecomApi, WecomApiError, type WecomApi } from "../../../adapters/wecom/api";
import { startFakeWecom, type FakeWecom } from "../../support/fake-wecom";

let fake: FakeWecom | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const text = (content: string) => ({ touser: "zhangsan", agentid: 1000002, msgtype: "text", text: { content } });

async function connect(now?: () => number): Promise<{ fake: FakeWecom; api: WecomApi }> {
  fake = await startFakeWecom();
  return { fake, api: createWecomApi({ apiUrl: fake.apiUrl, corpId: fake.corpId, secret: fake.secret, ...(now ? { now } : {}) }) };
}
const refused = (f: FakeWecom) => f.calls.filter((c) => c.errcode === 42001 || c.errcode === 40014).length;

describe("the WeCom access token", () => {
  it("is fetched once and reused for every call, also when several sends start together", async () => {
    const { fake, api } = await connect();
    await Promise.all([1, 2, 3, 4, 5].map((i) => api.call("/cgi-bin/message/send", text(`第${i}条`))));
    await api.call("/cgi-bin/message/send", text("第6条"));
    expect(fake.tokensIssued()).toBe(1);
    expect(fake.texts()).toHaveLength(6);
  });

  it("is fetched again five minutes before the 7200 seconds WeCom gave it run out, before WeCom has to refuse it", async () => {
    let t = Date.parse("2026-11-25T02:00:00Z");
    const { fake, api } = await connect(() => t);
    await api.call("/cgi-bin/message/send", text("早上"));
    t += (7200 - 5 * 60 - 1) * 1000;
    await api.call("/cgi-bin/message/send", text("快到期"));
    expect(fake.tokensIssued()).toBe(1);
    t += 2000;
    await api.call("/cgi-bin/message/send", text("已换新"));
    expect(fake.tokensIssued()).toBe(2);
    expect(refused(fake)).toBe(0);
  });

  it.each([42001, 40014] as const)("answered %i (expired / invalid), is fetched anew and the call made once more, sent once", async (errcode) => {
    const { fake, api } = await connect();
    await api.call("/cgi-bin/message/send", text("第一条"));
    fake.expireToken(errcode);
    await api.call("/cgi-bin/message/send", text("第二条"));
    expect(fake.calls.map((c) => c.errcode)).toEqual([0, errcode, 0]);
    expect(fake.tokensIssued()).toBe(2);
    expect(fake.texts().map((p) => p.text)).toEqual(["第一条", "第二条"]);
  });

  it("refused by gettoken (a wrong secret) fails the call with WeCom's errcode, not a retry loop", async () => {
    fake = await startFakeWecom();
    const wrong = createWecomApi({ apiUrl: fake.apiUrl, corpId: fake.corpId, secret: "not-the-secret" });
    const err = await wrong.call("/cgi-bin/message/send", text("x")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WecomApiError);
    expect((err as WecomApiError).errcode).toBe(40001);
    expect(fake.calls).toEqual([]);
  });

  it("downloads a person's file through media/get, and an unknown media_id fails with WeCom's errcode 40007", async () => {
    const { fake, api } = await connect();
    const bytes = new TextEncoder().encode("整改照片");
    const id = fake.addMedia(bytes, "image/jpeg");
    expect(await api.bytes("/cgi-bin/media/get", { media_id: id })).toEqual({ bytes, contentType: "image/jpeg" });
    const err = await api.bytes("/cgi-bin/media/get", { media_id: "expired-media" }).catch((e: unknown) => e);
    expect((err as WecomApiError).errcode).toBe(40007);
  });
});
