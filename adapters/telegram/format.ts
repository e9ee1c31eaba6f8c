/**
 * OutboundMessage → Telegram HTML (parse_mode "HTML"). HTML rather than MarkdownV2 because
 * it needs only & < > escaped, while MarkdownV2 reserves eighteen characters that item
 * titles are full of (_ * - ( ) . …). Every rendered line carries its own balanced markup,
 * so a message can be split at any line boundary without cutting a tag in two.
 */
import type { Block } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";

/** Telegram's limits, counted here on the HTML sent, which is never shorter than the text shown. */
export const MAX_TEXT = 4096;
export const MAX_CAPTION = 1024;

const DIVIDER = "——————";
const BULLET = "• ";
/** Continuation lines of a list item line up under its text. */
const HANGING = "  ";

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

interface Line {
  text: string;
  bold: boolean;
  prefix: string;
}

function linesOf(blocks: Block[]): Line[] {
  return blocks.flatMap((b): Line[] => {
    switch (b.type) {
      case "heading":
        return b.text.split("\n").map((text) => ({ text, bold: true, prefix: "" }));
      case "text":
        return b.text.split("\n").map((text) => ({ text, bold: false, prefix: "" }));
      case "list":
        return b.items.flatMap((item) =>
          item.split("\n").map((text, i) => ({ text, bold: false, prefix: i === 0 ? BULLET : HANGING })),
        );
      case "divider":
        return [{ text: DIVIDER, bold: false, prefix: "" }];
    }
  });
}

function render(line: Line): string {
  const body = escapeHtml(line.text);
  return escapeHtml(line.prefix) + (line.bold && body.trim() !== "" ? `<b>${body}</b>` : body);
}

/** An escape is one character to the reader: a cut never falls inside one. */
const htmlAtoms = (escaped: string) => escaped.match(/&(?:amp|lt|gt);|[\s\S]/gu) ?? [];

/** A line too long for one message is cut between characters, each piece with its own markup. */
function fit(line: Line, max: number): string[] {
  const whole = render(line);
  if (whole.length <= max) return [whole];
  const tags = line.bold ? "<b></b>".length : 0;
  const prefix = escapeHtml(line.prefix);
  return splitText(escapeHtml(line.text), max - tags - prefix.length, htmlAtoms).map(
    (body, i) => (i === 0 ? prefix : "") + (line.bold && body.trim() !== "" ? `<b>${body}</b>` : body),
  );
}

/**
 * The message as one or more HTML texts of at most `max` characters, split at line
 * boundaries. Parts that would be blank are dropped: Telegram refuses empty messages.
 */
export function renderHtml(blocks: Block[], max = MAX_TEXT): string[] {
  const lines = linesOf(blocks).flatMap((line) => fit(line, max));
  return splitText(lines.join("\n"), max)
    .map((part) => part.replace(/^\n+|\n+$/g, ""))
    .filter((part) => part.trim() !== "");
}

/** A photo caption: escaped, and shortened with an ellipsis past Telegram's caption limit. */
export function renderCaption(caption: string, max = MAX_CAPTION): string {
  const whole = escapeHtml(caption);
  if (whole.length <= max) return whole;
  let out = "";
  let length = "…".length;
  for (const ch of caption) {
    length += escapeHtml(ch).length;
    if (length > max) break;
    out += ch;
  }
  return escapeHtml(out) + "…";
}
