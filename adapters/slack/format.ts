/**
 * OutboundMessage → Slack messages: mrkdwn text plus Block Kit sections and buttons.
 *
 * Everything in an OutboundMessage is literal text (item titles, unit names, what people
 * wrote), so it must reach Slack's screen exactly as written. Slack's only escapes are
 * `&amp; &lt; &gt;`; it has none for the formatting characters `* _ ~ \``, so those are
 * fenced with zero-width spaces, which break Slack's pattern matching while the character
 * itself still shows and copies.
 */
import type { types } from "@slack/bolt";
import type { Block, Button, OutboundMessage } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";

/**
 * One message carries at most 3000 characters: the limit of a single section block and
 * under the 4000 Slack recommends for a message's `text`. A longer text becomes several
 * messages, which also keeps each one readable on a phone.
 */
export const MAX_TEXT = 3000;
/** Slack refuses more than 50 blocks in a message; leave room for the button rows. */
const MAX_BLOCKS = 45;
/** Slack's limits for a button: label 75 characters, 25 elements in one actions block. */
const MAX_LABEL = 75;
const MAX_ROW = 25;

const ZWSP = "\u200B";

export interface SlackMessage {
  /** mrkdwn: shown in notifications and by clients that cannot draw blocks. */
  text: string;
  blocks: types.KnownBlock[];
}

/** Escape literal text for mrkdwn so that it shows as written. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/[*_~`]/g, (c) => `${ZWSP}${c}${ZWSP}`)
    // A line starting with `>` would become a block quote.
    .replace(/^&gt;/gm, `${ZWSP}&gt;`);
}

/** One semantic block as mrkdwn lines; a divider has no text. */
type Part = { kind: "text"; mrkdwn: string } | { kind: "divider" };

function partOf(block: Block): Part {
  switch (block.type) {
    case "heading":
      return { kind: "text", mrkdwn: `*${escapeMrkdwn(block.text)}*` };
    case "text":
      return { kind: "text", mrkdwn: escapeMrkdwn(block.text) };
    case "list":
      return { kind: "text", mrkdwn: block.items.map((i) => `• ${escapeMrkdwn(i)}`).join("\n") };
    case "divider":
      return { kind: "divider" };
  }
}

/** What shows as one character: an entity, a fenced formatting character, or a code point. */
const mrkdwnAtoms = (mrkdwn: string) => mrkdwn.match(/&(?:amp|lt|gt);|\u200B[*_~`]\u200B|\u200B&gt;|[\s\S]/gu) ?? [];

/**
 * Cut mrkdwn into pieces of at most `limit` characters, at line ends where possible.
 * A line longer than the limit is cut hard, but never inside an entity (`&amp;`), a
 * zero-width fence or a surrogate pair, so no piece shows broken characters.
 */
export function splitMrkdwn(text: string, limit: number): string[] {
  // Slack refuses a section without text: empty lines at a cut are left out.
  return splitText(text, limit, mrkdwnAtoms)
    .map((piece) => piece.replace(/^\n+|\n+$/g, ""))
    .filter((piece) => piece !== "");
}

function section(mrkdwn: string): types.SectionBlock {
  return { type: "section", text: { type: "mrkdwn", text: mrkdwn } };
}

/** The action id of the button at (row, column); Bolt routes every `duban:` action to the bot. */
export const ACTION_PREFIX = "duban:";

function buttonRows(rows: Button[][]): types.ActionsBlock[] {
  const blocks: types.ActionsBlock[] = [];
  rows.forEach((row, r) => {
    for (let start = 0; start < row.length; start += MAX_ROW) {
      blocks.push({
        type: "actions",
        elements: row.slice(start, start + MAX_ROW).map((b, i) => ({
          type: "button",
          text: { type: "plain_text", text: truncate(b.label, MAX_LABEL), emoji: true },
          value: b.data,
          action_id: `${ACTION_PREFIX}${r}:${start + i}`,
        })),
      });
    }
  });
  return blocks;
}

function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Render one OutboundMessage as one or more Slack messages, each within `limit`
 * characters of mrkdwn. Buttons go on the last message, under the text they answer.
 */
export function renderMessage(msg: OutboundMessage, limit: number = MAX_TEXT): SlackMessage[] {
  const messages: { lines: string[]; blocks: types.KnownBlock[]; size: number }[] = [];
  let current = { lines: [] as string[], blocks: [] as types.KnownBlock[], size: 0 };
  const startNew = () => {
    if (current.blocks.length > 0) messages.push(current);
    current = { lines: [], blocks: [], size: 0 };
  };
  const addText = (mrkdwn: string) => {
    const extra = current.size === 0 ? mrkdwn.length : mrkdwn.length + 1;
    if (current.size + extra > limit || current.blocks.length >= MAX_BLOCKS) startNew();
    const last = current.blocks[current.blocks.length - 1];
    if (last?.type === "section" && last.text) {
      last.text.text = `${last.text.text}\n${mrkdwn}`;
    } else {
      current.blocks.push(section(mrkdwn));
    }
    current.lines.push(mrkdwn);
    current.size += current.size === 0 ? mrkdwn.length : mrkdwn.length + 1;
  };
  for (const block of msg.blocks) {
    const part = partOf(block);
    if (part.kind === "divider") {
      if (current.blocks.length >= MAX_BLOCKS) startNew();
      if (current.blocks.length > 0) current.blocks.push({ type: "divider" });
      continue;
    }
    if (part.mrkdwn === "") continue;
    const pieces = part.mrkdwn.length > limit ? splitMrkdwn(part.mrkdwn, limit) : [part.mrkdwn];
    for (const piece of pieces) addText(piece);
  }
  if (msg.buttons && msg.buttons.length > 0) {
    if (current.blocks.length === 0 && messages.length > 0) current = messages.pop()!;
    current.blocks.push(...buttonRows(msg.buttons));
  }
  startNew();
  return messages.map((m) => {
    while (m.blocks[m.blocks.length - 1]?.type === "divider") m.blocks.pop();
    return { text: m.lines.join("\n"), blocks: m.blocks };
  });
}
