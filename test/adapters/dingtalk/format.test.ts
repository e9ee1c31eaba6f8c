import { describe, expect, it } from "vitest";
import { DingTalkApiError } from "../../../adapters/dingtalk/api";
import { escapeMarkdown, MAX_TEXT, mentionHint, readMarkdown, renderMessage } from "../../../adapters/dingtalk/format";
import { messagesFor } from "../../../src/i18n/index";
import { classify } from "../../../adapters/dingtalk/send";

describe("DingTalk messages out", () => {
  it("shows item titles with Markdown characters as written", () => {
    const title = "河道_清淤 *重点* (A-1) <b>&amp; [链接](x) `代码` #3 1. 第一";
    expect(readMarkdown(escapeMarkdown(title))).toBe(title);
    expect(escapeMarkdown("*重点*")).toBe("\\*重点\\*");
  });

  it("puts the buttons on the last part as an ActionCard, five to a card, each linking back to the bot", () => {
    const buttons = Array.from({ length: 7 }, (_, i) => ({ label: `中央-07-${i + 1}`, data: `pick:1:${i + 1}` }));
    const parts = renderMessage({ blocks: [{ type: "heading", text: "这条进展是关于哪项整改任务的？" }], buttons: [buttons] });
    expect(parts.map((p) => (p.kind === "actionCard" ? p.buttons.length : 0))).toEqual([5, 2]);
    const first = parts[0]!;
    if (first.kind !== "actionCard") throw new Error("expected an ActionCard");
    expect(first.title).toBe("这条进展是关于哪项整改任务的？");
    expect(decodeURIComponent(first.buttons[0]!.url)).toBe("dtmd://dingtalkclient/sendMessage?content=〔督办〕中央-07-1：pick:1:1");
  });

  it("writes out each button's text for a group, in the county's language, to be sent with an @mention", () => {
    const msg = { blocks: [{ type: "text" as const, text: "销号申请：中央-07-2" }], buttons: [[{ label: "销号", data: "accept:中央-07-2" }]] };
    const [en] = mentionHint(msg, (text) => messagesFor("en").dingtalk.buttonInGroup({ text }));
    expect(readMarkdown(en!.text)).toBe("In a group, @督办 and send: 〔督办〕销号：accept:中央-07-2");
    const [zh] = mentionHint(msg, (text) => messagesFor("zh-CN").dingtalk.buttonInGroup({ text }));
    expect(readMarkdown(zh!.text)).toBe("在群里请 @督办 回复：〔督办〕销号：accept:中央-07-2");
    expect(mentionHint({ blocks: msg.blocks }, (text) => text)).toEqual([]);
  });

  it("splits a long text into parts within the limit, counting the line breaks as sent", () => {
    const lines = Array.from({ length: 2000 }, (_, i) => String(i % 10));
    const parts = renderMessage({ blocks: [{ type: "text", text: lines.join("\n") }] });
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.length).toBeLessThanOrEqual(MAX_TEXT);
    expect(parts.map((p) => readMarkdown(p.text)).join("\n")).toBe(lines.join("\n"));
  });
});

describe("DingTalk send failures", () => {
  const err = (status: number, code?: string, retryAfterMs?: number) => new DingTalkApiError("x", status, code, retryAfterMs);

  it("throttling is retried after DingTalk's delay: 429, and 403 with a QPS code (the app's limit pauses all of DingTalk)", () => {
    expect(classify(err(429, "Throttling", 7000))).toMatchObject({ retry: true, afterMs: 7000, scope: "chat" });
    expect(classify(err(403, "Forbidden.AccessDenied.QpsLimitForAppkeyAndApi"))).toMatchObject({ retry: true, afterMs: 1000, scope: "platform" });
    expect(classify(err(200, "130101"))).toMatchObject({ retry: true });
  });

  it("a refused token and DingTalk's own failures are retried; a bad request is not", () => {
    expect(classify(err(401, "InvalidAuthentication")).retry).toBe(true);
    expect(classify(err(503)).retry).toBe(true);
    expect(classify(err(400, "invalidParameter")).retry).toBe(false);
    expect(classify(err(403, "Forbidden.AccessDenied.AccessTokenPermissionDenied")).retry).toBe(false);
    expect(classify(Object.assign(new Error("timeout"), { name: "TimeoutError" })).retry).toBe(true);
  });
});
