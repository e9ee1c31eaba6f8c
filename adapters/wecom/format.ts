/**
 * OutboundMessage → what WeCom's message API takes. Messages with formatting (a heading) go
 * as WeCom's `markdown` where the deployment wants it (WECOM_APP_MARKDOWN, on by default),
 * the rest, and all of it when off, as plain `text`: the WeChat plug-in (微信插件) and some
 * 政务微信 clients show markdown as raw source or not at all.
 * Buttons go as a `button_interaction` template card after the text
 * (https://developer.work.weixin.qq.com/document/path/90236#按钮交互型).
 */
import { randomUUID } from "node:crypto";
import type { Button, OutboundMessage } from "../../src/core/chat";
import { plainText } from "../../src/core/chat";
import { splitText, utf8Bytes } from "../../src/core/split-text";

/**
 * WeCom cuts a text message at 2048 bytes (UTF-8). Limits here count UTF-16 units, and one
 * unit is at most 3 bytes (a surrogate pair is 4 bytes for 2 units): 680 units stay under.
 */
export const MAX_TEXT = 680;
/** A card holds at most 6 buttons; a title is cut at 26 characters in the client. */
const CARD_BUTTONS = 6;
const CARD_TITLE = 26;
const BUTTON_TEXT = 10;

export interface TemplateCard {
  card_type: "button_interaction";
  main_title: { title: string };
  task_id: string;
  button_list: { text: string; style: 1 | 2; key: string }[];
}

/**
 * A markdown message is cut at 2048 bytes (UTF-8): 发送应用消息 · markdown消息 ("markdown内容，最长不超过
 * 2048个字节，必须是utf8编码", https://developer.work.weixin.qq.com/document/path/90236#markdown消息),
 * and appchat/send takes the same markdown (path/90248#markdown消息). Parts are measured in bytes, so ASCII packs tighter.
 */
export const MAX_MARKDOWN_BYTES = 2048;

/**
 * What WeCom's markdown reads as markup (附录 · 支持的markdown语法, path/90236, and the robot's,
 * path/101138): `#` headings and `>` quotes at a line's start, `**bold**` (`*italic*` in the
 * robot's), `[text](url)` links, `` `code` ``, `<font color>` (and `<@userid>`). WeCom documents no
 * escape, so a backslash could well show as itself: each such character is replaced by its
 * full-width form instead, which reads the same, is what a Chinese keyboard types anyway, and no
 * markdown takes for markup. `(` and `)` stay: a link needs `](`, and no `]` is left. `&` before
 * what looks like an HTML entity goes full-width too, so that `&lt;` shows as typed.
 * Everything in an OutboundMessage is literal text (item titles, names, report text among it), so
 * this is applied to all of it, in both modes; the only markup is the formatter's own bold.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[*[\]`<]/g, (c) => FULL_WIDTH[c]!)
    .replace(/^([ \t]*)([#>])/gm, (_, indent: string, c: string) => indent + FULL_WIDTH[c]!)
    .replace(/&(?=#?\w+;)/g, "＆");
}
const FULL_WIDTH: Record<string, string> = { "*": "＊", "[": "［", "]": "］", "`": "｀", "<": "＜", "#": "＃", ">": "＞" };

/** Whether a message has formatting that markdown shows and text cannot: a heading, in bold. */
export function hasFormatting(msg: OutboundMessage): boolean {
  return msg.blocks.some((b) => b.type === "heading" && b.text.trim() !== "");
}

/** The message as WeCom markdown, for the app and the robot alike: headings in bold, every text escaped. */
export function markdownOf(msg: OutboundMessage): string {
  const bold = (line: string) => (line.trim() === "" ? line : `**${escapeMarkdown(line.trim())}**`);
  return msg.blocks
    .map((b) => {
      switch (b.type) {
        case "heading":
          return b.text.split("\n").map(bold).join("\n");
        case "text":
          return escapeMarkdown(b.text);
        case "list":
          return b.items.map((i) => `• ${escapeMarkdown(i)}`).join("\n");
        case "divider":
          return "—";
      }
    })
    .join("\n");
}

/** The app's markdown messages for `msg`, each within WeCom's 2048 bytes. */
export function markdownParts(msg: OutboundMessage): string[] {
  const text = markdownOf(msg);
  return text.trim() === "" ? [] : splitText(text, MAX_MARKDOWN_BYTES, undefined, utf8Bytes).filter((p) => p.trim() !== "");
}

export function textParts(msg: OutboundMessage): string[] {
  const text = plainText(msg);
  return text.trim() === "" ? [] : splitText(text, MAX_TEXT).filter((p) => p.trim() !== "");
}

const clip = (s: string, n: number) => (Array.from(s).length <= n ? s : Array.from(s).slice(0, n - 1).join("") + "…");

/** The message's buttons as cards of up to six, titled with its first line. */
export function cardsOf(msg: OutboundMessage): TemplateCard[] {
  const buttons: Button[] = (msg.buttons ?? []).flat();
  const title = clip(plainText(msg).split("\n").find((l) => l.trim() !== "") ?? "", CARD_TITLE);
  const cards: TemplateCard[] = [];
  for (let i = 0; i < buttons.length; i += CARD_BUTTONS) {
    cards.push({
      card_type: "button_interaction",
      main_title: { title },
      task_id: `duban-${randomUUID()}`,
      button_list: buttons.slice(i, i + CARD_BUTTONS).map((b, j) => ({ text: clip(b.label, BUTTON_TEXT), style: j === 0 ? 1 : 2, key: b.data })),
    });
  }
  return cards;
}
