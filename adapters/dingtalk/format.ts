/**
 * OutboundMessage → DingTalk messages: Markdown (the subset DingTalk's robot messages
 * draw: open.dingtalk.com/document/orgapp/robot-message-types-and-data-format) and ActionCards
 * for buttons.
 *
 * Everything in an OutboundMessage is literal text, so every character that DingTalk's
 * Markdown would read as formatting is escaped with a backslash, and `<` `>` `&` as HTML
 * entities (DingTalk's Markdown passes some HTML through). Lines end in a hard break
 * (two spaces): DingTalk joins lines that end without one.
 */
import type { Block, Button, OutboundMessage } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";
import { buttonText } from "./parse";

/**
 * One message carries at most 3000 characters: well under the 20000 bytes DingTalk takes
 * in one robot message (Chinese text is 3 bytes a character), and a screenful on a phone.
 */
export const MAX_TEXT = 3000;
/** The OpenAPI's ActionCard message keys go up to five buttons (sampleActionCard5). */
export const MAX_BUTTONS = 5;
/** DingTalk shows a message's title in notifications and the chat list. */
const MAX_TITLE = 30;
const BREAK = "  \n";

export type DingMessage =
  | { kind: "markdown"; title: string; text: string }
  | { kind: "actionCard"; title: string; text: string; buttons: { title: string; url: string; data: string }[] };

export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]()#+\-!|~{}]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    // "1. " at a line's start would become a numbered list.
    .replace(/^(\d+)\./gm, "$1\\.");
}

/** DingTalk's Markdown back to the text a person reads: what tests compare with. */
export function readMarkdown(markdown: string): string {
  return markdown
    .replace(/ {2}\n/g, "\n")
    .replace(/^#{1,6} /gm, "")
    .replace(/^- /gm, "• ")
    .replace(/\\([\s\S])/g, "$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function linesOf(block: Block): string[] {
  switch (block.type) {
    case "heading":
      return [`### ${escapeMarkdown(block.text)}`];
    case "text":
      return block.text.split("\n").map(escapeMarkdown);
    case "list":
      return block.items.map((i) => `- ${escapeMarkdown(i)}`);
    case "divider":
      return ["———"];
  }
}

/** What counts as one character: an escape, an entity, or a code point. */
const atoms = (line: string) => line.match(/\\[\s\S]|&(?:amp|lt|gt);|[\s\S]/gu) ?? [];

function titleOf(msg: OutboundMessage): string {
  const first = msg.blocks.find((b) => b.type !== "divider");
  const plain = !first ? "督办" : first.type === "list" ? (first.items[0] ?? "督办") : first.text.split("\n")[0]!;
  const chars = Array.from(plain.trim() || "督办");
  return chars.length <= MAX_TITLE ? chars.join("") : `${chars.slice(0, MAX_TITLE - 1).join("")}…`;
}

/**
 * Lines joined with hard breaks into texts of at most `limit` characters, counted on what
 * is sent (a break is three). A line longer than the limit is cut between atoms.
 */
function packLines(lines: string[], limit: number): string[] {
  const texts: string[] = [];
  let current = "";
  for (const line of lines.flatMap((l) => (l.length > limit ? splitText(l, limit, atoms) : [l]))) {
    if (current === "") current = line;
    else if (current.length + BREAK.length + line.length <= limit) current += BREAK + line;
    else {
      texts.push(current);
      current = line;
    }
  }
  if (current !== "") texts.push(current);
  return texts.filter((t) => t.trim() !== "");
}

/** A button's link: pressing it sends the button's command back as the person's own message. */
export function buttonUrl(button: Button): string {
  return `dtmd://dingtalkclient/sendMessage?content=${encodeURIComponent(buttonText(button.label, button.data))}`;
}

/**
 * In a group DingTalk hands the robot only messages that @mention it, and a button link's
 * message carries no @: so under the buttons each one's text is written out, to be sent
 * with an @mention. `line` words one button's text (from the catalogue).
 */
export function mentionHint(msg: OutboundMessage, line: (text: string) => string, limit: number = MAX_TEXT): DingMessage[] {
  const lines = (msg.buttons ?? []).flat().map((b) => escapeMarkdown(line(buttonText(b.label, b.data))));
  const title = titleOf(msg);
  return packLines(lines, limit).map((text) => ({ kind: "markdown", title, text }));
}

/**
 * Render one OutboundMessage as one or more DingTalk messages within `limit` characters
 * of Markdown each. Buttons go on the last message as an ActionCard, five to a card.
 */
export function renderMessage(msg: OutboundMessage, limit: number = MAX_TEXT): DingMessage[] {
  const title = titleOf(msg);
  const out: DingMessage[] = packLines(msg.blocks.flatMap(linesOf), limit).map((text) => ({ kind: "markdown", title, text }));
  const buttons = (msg.buttons ?? []).flat();
  for (let start = 0; start < buttons.length; start += MAX_BUTTONS) {
    const chunk = buttons.slice(start, start + MAX_BUTTONS).map((b) => ({ title: b.label, url: buttonUrl(b), data: b.data }));
    const last = out[out.length - 1];
    if (start === 0 && last?.kind === "markdown") {
      out[out.length - 1] = { kind: "actionCard", title, text: last.text, buttons: chunk };
    } else {
      out.push({ kind: "actionCard", title, text: `### ${escapeMarkdown(title)}`, buttons: chunk });
    }
  }
  return out;
}
