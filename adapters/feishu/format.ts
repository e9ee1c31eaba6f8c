/**
 * OutboundMessage → Feishu messages. A message with buttons or a heading (a sign-off
 * card, a digest) becomes an interactive card; plain text becomes a post (rich text).
 *
 * Everything is literal text (item titles, what people wrote): cards carry it as
 * `plain_text` elements and posts as `text` elements, neither of which Feishu reads as
 * markup, so nothing needs escaping and `*`, `<b>` or `[x](y)` show as written.
 * Card JSON: https://open.feishu.cn/document/common-capabilities/message-card/message-cards-content/card-structure/card-content
 * Post JSON: https://open.feishu.cn/document/server-docs/im-v1/message-content-description/create_json
 */
import type { Block, Button, OutboundMessage } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";

/**
 * Characters of text in one message. Feishu takes far more (30 KB a card, 150 KB a
 * post), but a phone screen does not: a longer text becomes several messages.
 */
export const MAX_TEXT = 4000;
/** Feishu shows at most this many buttons side by side in one `action` element. */
const MAX_ROW = 4;
/** What a button's value carries: the bot's action string, under one key. */
export const ACTION_KEY = "duban";

export type FeishuMessage =
  | { msgType: "interactive"; content: string; text: string }
  | { msgType: "post"; content: string; text: string };

type Json = Record<string, unknown>;

function lineOf(block: Block): string | null {
  switch (block.type) {
    case "heading":
    case "text":
      return block.text;
    case "list":
      return block.items.map((i) => `• ${i}`).join("\n");
    case "divider":
      return null;
  }
}

function buttonRows(rows: Button[][]): Json[] {
  const elements: Json[] = [];
  for (const row of rows) {
    for (let start = 0; start < row.length; start += MAX_ROW) {
      elements.push({
        tag: "action",
        actions: row.slice(start, start + MAX_ROW).map((b) => ({
          tag: "button",
          text: { tag: "plain_text", content: b.label },
          type: "default",
          value: { [ACTION_KEY]: b.data },
        })),
      });
    }
  }
  return elements;
}

/** Pieces of one message: text chunks within the limit, and dividers between them. */
type Piece = { kind: "text"; text: string } | { kind: "divider" };

function piecesOf(blocks: Block[], limit: number): Piece[][] {
  const messages: Piece[][] = [];
  let current: Piece[] = [];
  let size = 0;
  for (const block of blocks) {
    const line = lineOf(block);
    if (line === null) {
      if (current.length > 0) current.push({ kind: "divider" });
      continue;
    }
    if (line === "") continue;
    for (const chunk of splitText(line, limit)) {
      if (size > 0 && size + chunk.length + 1 > limit) {
        messages.push(current);
        current = [];
        size = 0;
      }
      const last = current[current.length - 1];
      if (last?.kind === "text") last.text = `${last.text}\n${chunk}`;
      else current.push({ kind: "text", text: chunk });
      size += size === 0 ? chunk.length : chunk.length + 1;
    }
  }
  if (current.length > 0) messages.push(current);
  return messages.map((m) => {
    while (m[m.length - 1]?.kind === "divider") m.pop();
    return m;
  });
}

const textOf = (pieces: Piece[]) => pieces.flatMap((p) => (p.kind === "text" ? [p.text] : [])).join("\n");

function card(pieces: Piece[], buttons: Button[][] | undefined): string {
  const elements: Json[] = pieces.map((p) =>
    p.kind === "divider" ? { tag: "hr" } : { tag: "div", text: { tag: "plain_text", content: p.text } },
  );
  if (buttons?.length) elements.push(...buttonRows(buttons));
  // update_multi: the card is shared by everyone in the group, so that an edit (a
  // signed-off item's card losing its buttons) shows for all of them.
  return JSON.stringify({ config: { wide_screen_mode: true, update_multi: true }, elements });
}

function post(pieces: Piece[]): string {
  const lines = pieces.flatMap((p) => (p.kind === "text" ? p.text.split("\n") : ["—"]));
  return JSON.stringify({ zh_cn: { title: "", content: lines.map((text) => [{ tag: "text", text }]) } });
}

/**
 * Render one OutboundMessage as one or more Feishu messages. Buttons go on the last
 * one, under the text they answer; a message with buttons or headings is a card.
 */
export function renderMessage(msg: OutboundMessage, limit: number = MAX_TEXT): FeishuMessage[] {
  const parts = piecesOf(msg.blocks, limit);
  const asCard = Boolean(msg.buttons?.length) || msg.blocks.some((b) => b.type === "heading") || Boolean(msg.edit);
  if (parts.length === 0 && msg.buttons?.length) parts.push([]);
  return parts.map((pieces, i) => {
    const buttons = i === parts.length - 1 ? msg.buttons : undefined;
    return asCard
      ? { msgType: "interactive", content: card(pieces, buttons), text: textOf(pieces) }
      : { msgType: "post", content: post(pieces), text: textOf(pieces) };
  });
}
