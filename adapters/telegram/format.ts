/**
 * OutboundMessage → Telegram HTML (parse_mode "HTML"). HTML rather than MarkdownV2 because
 * it needs only & < > escaped, while MarkdownV2 reserves eighteen characters that item
 * titles are full of (_ * - ( ) . …). Every rendered line carries its own balanced markup,
 * so a message can be split at any line boundary without cutting a tag in two.
 */
import type { Block } from "../../src/core/chat";

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

/** A line too long for one message is cut between characters (never inside an escape or a tag). */
function fit(line: Line, max: number): string[] {
  const whole = render(line);
  if (whole.length <= max) return [whole];
  const pieces: string[] = [];
  const tags = line.bold ? "<b></b>".length : 0;
  const piece = (text: string) => render({ ...line, text, prefix: pieces.length === 0 ? line.prefix : "" });
  let chunk = "";
  let budget = max - tags - escapeHtml(line.prefix).length;
  // Code points, not UTF-16 units, so an emoji's surrogate pair stays together.
  for (const ch of line.text) {
    const cost = escapeHtml(ch).length;
    if (chunk !== "" && cost > budget) {
      pieces.push(piece(chunk));
      chunk = "";
      budget = max - tags;
    }
    chunk += ch;
    budget -= cost;
  }
  if (chunk !== "") pieces.push(piece(chunk));
  return pieces;
}

/**
 * The message as one or more HTML texts of at most `max` characters, split at line
 * boundaries. Parts that would be blank are dropped: Telegram refuses empty messages.
 */
export function renderHtml(blocks: Block[], max = MAX_TEXT): string[] {
  const parts: string[] = [];
  let current: string[] = [];
  let length = 0;
  const flush = () => {
    const text = current.join("\n").replace(/^\n+|\n+$/g, "");
    if (text.trim() !== "") parts.push(text);
    current = [];
    length = 0;
  };
  for (const line of linesOf(blocks)) {
    for (const piece of fit(line, max)) {
      const added = current.length === 0 ? piece.length : length + 1 + piece.length;
      if (current.length > 0 && added > max) flush();
      length = current.length === 0 ? piece.length : length + 1 + piece.length;
      current.push(piece);
    }
  }
  flush();
  return parts;
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
