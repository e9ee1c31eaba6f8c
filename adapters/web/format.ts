/**
 * What a web chat message is, stored and shown. The bot's OutboundMessage is kept as
 * structured JSON (never HTML): the page builds the bubble with textContent, so a title
 * like "<b>&amp;" shows exactly as written and nothing in a message can run as markup.
 *
 * Stored rows name files by content hash or path; the links a page gets are signed for
 * its session at the moment they are sent, so history holds no capability that outlives it.
 */
import { z } from "zod";
import { plainText, type Block, type Button, type OutboundMessage } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";

const block = z.discriminatedUnion("type", [
  z.object({ type: z.literal("heading"), text: z.string() }),
  z.object({ type: z.literal("text"), text: z.string() }),
  z.object({ type: z.literal("list"), items: z.array(z.string()) }),
  z.object({ type: z.literal("divider") }),
]);

const botPayload = z.object({
  kind: z.literal("bot"),
  blocks: z.array(block),
  buttons: z.array(z.array(z.object({ label: z.string(), data: z.string() }))).optional(),
  images: z.array(z.object({ sha256: z.string(), caption: z.string().optional() })).optional(),
  files: z.array(z.object({ path: z.string(), name: z.string() })).optional(),
  /** This row replaces the content of an earlier bot message (an edited receipt). */
  edit: z.number().int().optional(),
  replyTo: z.string().optional(),
});

const personPayload = z.object({
  kind: z.literal("person"),
  personId: z.number().int(),
  name: z.string(),
  text: z.string(),
  /** Evidence photos by SHA-256. */
  photos: z.array(z.string()),
  /** The label of the bot's button the person pressed. */
  pressed: z.string().optional(),
  replyTo: z.string().optional(),
  /** This row is the person's correction of an earlier message of theirs (its row id). */
  edit: z.number().int().optional(),
  /** The page's own id for the message, so the sending page can replace its "sending…" bubble. */
  clientId: z.string(),
});

export const storedPayload = z.discriminatedUnion("kind", [botPayload, personPayload]);
export type StoredPayload = z.infer<typeof storedPayload>;
export type BotPayload = z.infer<typeof botPayload>;
export type PersonPayload = z.infer<typeof personPayload>;

/** One message as the page receives it. Text stays text; links are signed for this session. */
export interface PageMessage {
  id: number;
  chatId: string;
  at: string;
  edit?: number;
  replyTo?: string;
  bot?: {
    blocks: Block[];
    buttons: Button[][];
    images: { url: string; caption?: string }[];
    files: { url: string; name: string }[];
  };
  person?: { name: string; mine: boolean; text: string; photos: { url: string }[]; pressed?: string; clientId?: string };
}

export interface Linker {
  evidence(sha256: string): string;
  file(path: string, name: string): string;
}

export function pageMessage(
  row: { id: number; chatId: string; at: Date; payload: StoredPayload },
  viewer: { personId: number },
  link: Linker,
): PageMessage {
  const p = row.payload;
  const base = {
    id: row.id,
    chatId: row.chatId,
    at: row.at.toISOString(),
    ...(p.replyTo ? { replyTo: p.replyTo } : {}),
    ...(p.edit !== undefined ? { edit: p.edit } : {}),
  };
  if (p.kind === "person") {
    const mine = p.personId === viewer.personId;
    return {
      ...base,
      person: {
        name: p.name,
        mine,
        text: p.text,
        photos: p.photos.map((sha) => ({ url: link.evidence(sha) })),
        ...(p.pressed ? { pressed: p.pressed } : {}),
        ...(mine ? { clientId: p.clientId } : {}),
      },
    };
  }
  return {
    ...base,
    bot: {
      blocks: p.blocks,
      buttons: p.buttons ?? [],
      images: (p.images ?? []).map((i) => ({ url: link.evidence(i.sha256), ...(i.caption ? { caption: i.caption } : {}) })),
      files: (p.files ?? []).map((f) => ({ url: link.file(f.path, f.name), name: f.name })),
    },
  };
}

/**
 * The bot's message as stored rows: one, or several when its text is longer than one
 * bubble should be. Buttons, images and files go with the last part, under what they answer.
 */
export function botPayloads(msg: OutboundMessage, maxText: number, edit?: number): BotPayload[] {
  const parts = splitBlocks(msg.blocks, maxText);
  return parts.map((blocks, i) => {
    const last = i === parts.length - 1;
    return {
      kind: "bot",
      blocks,
      ...(last && msg.buttons?.length ? { buttons: msg.buttons } : {}),
      ...(last && msg.images?.length ? { images: msg.images } : {}),
      ...(last && msg.files?.length ? { files: msg.files } : {}),
      ...(i === 0 && edit !== undefined ? { edit } : {}),
      ...(i === 0 && msg.replyTo ? { replyTo: msg.replyTo } : {}),
    };
  });
}

const sizeOf = (b: Block) => plainText({ blocks: [b] }).length;

/** Blocks into parts whose plain text is at most `max` characters, cutting at lines. */
export function splitBlocks(blocks: Block[], max: number): Block[][] {
  const pieces = blocks.flatMap((b) => (sizeOf(b) <= max ? [b] : cut(b, max)));
  const parts: Block[][] = [];
  let current: Block[] = [];
  let length = 0;
  for (const piece of pieces) {
    const size = sizeOf(piece);
    const added = current.length ? size + 1 : size;
    if (current.length && length + added > max) {
      parts.push(current);
      current = [piece];
      length = size;
    } else {
      current.push(piece);
      length += added;
    }
  }
  if (current.length || parts.length === 0) parts.push(current);
  return parts;
}

function cut(b: Block, max: number): Block[] {
  switch (b.type) {
    case "heading":
    case "text":
      return splitText(b.text, max).map((text) => ({ type: b.type, text }));
    case "list":
      // Each item shows as "• item".
      return listsOf(b.items.flatMap((item) => splitText(item, max - BULLET.length)), max);
    case "divider":
      return [b];
  }
}

const BULLET = "• ";

/** List items into list blocks of at most `max`, each item counted with its bullet. */
function listsOf(items: string[], max: number): Block[] {
  const out: Block[] = [];
  let current: string[] = [];
  let length = 0;
  for (const item of items) {
    const size = item.length + BULLET.length;
    if (current.length && length + 1 + size > max) {
      out.push({ type: "list", items: current });
      current = [];
      length = 0;
    }
    length += current.length ? size + 1 : size;
    current.push(item);
  }
  if (current.length) out.push({ type: "list", items: current });
  return out;
}
