/**
 * OutboundMessage → what WeCom's message API takes. Text goes as plain `text`: WeCom's
 * markdown has no escape, so an item title with `*` or `[` in it would be mangled, and the
 * WeChat plug-in (微信插件) and many 政务微信 clients show markdown as raw source.
 * Buttons go as a `button_interaction` template card after the text
 * (https://developer.work.weixin.qq.com/document/path/90236#按钮交互型).
 */
import { randomUUID } from "node:crypto";
import type { Button, OutboundMessage } from "../../src/core/chat";
import { plainText } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";

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
 * The robot's text, as the markdown its messages are (智能机器人 markdown消息,
 * https://developer.work.weixin.qq.com/document/path/101138): a heading in bold, the rest as
 * written. That markdown has no documented escape, so a heading with a character it could read
 * as markup (or a line break) stays plain rather than risk showing mangled.
 */
export function robotMarkdown(msg: OutboundMessage): string {
  const bold = (text: string) => (text.trim() !== "" && !/[*_`[\]()<>#~\\\n]/.test(text) ? `**${text.trim()}**` : text);
  return plainText({ ...msg, blocks: msg.blocks.map((b) => (b.type === "heading" ? { type: "heading", text: bold(b.text) } : b)) });
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
