/**
 * The frames a page sends, checked before anything acts on them. A frame that is not
 * understood is answered with what was wrong, in the page's language, rather than
 * dropped: a page (or someone writing one) otherwise waits for an answer that never comes.
 */
import { z } from "zod";
import type { Lang } from "../../src/core/types";
import { messagesFor } from "../../src/i18n/index";

export const MAX_TEXT_IN = 20_000;
export const MAX_PHOTOS = 9;
/** Larger frames are answered with an error; the socket itself closes (1009) only at MAX_PAYLOAD. */
export const MAX_FRAME_BYTES = 256 * 1024;
export const MAX_PAYLOAD = 1024 * 1024;

const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
const chatId = z.string().min(1).max(128);
const frames = {
  open: z.object({ type: z.literal("open"), chatId, after: z.number().int().nonnegative().optional() }),
  send: z.object({
    type: z.literal("send"),
    chatId,
    clientId,
    text: z.string().max(MAX_TEXT_IN * 3),
    media: z.array(z.string().max(1024)).max(MAX_PHOTOS).default([]),
    replyTo: z.string().max(32).optional(),
  }),
  action: z.object({ type: z.literal("action"), chatId, clientId, messageId: z.number().int().positive(), data: z.string().min(1).max(256) }),
  /** The person corrects a message of theirs: `messageId` is its row. */
  edit: z.object({ type: z.literal("edit"), chatId, clientId, messageId: z.number().int().positive(), text: z.string().max(MAX_TEXT_IN * 3) }),
};
const incoming = z.discriminatedUnion("type", [frames.open, frames.send, frames.action, frames.edit]);
export type Incoming = z.infer<typeof incoming>;

export type Parsed = { ok: true; frame: Incoming } | { ok: false; error: string; clientId?: string };

export function parseFrame(raw: Buffer | string, lang: Lang): Parsed {
  const msg = messagesFor(lang).web.protocol;
  const tooLarge = Buffer.byteLength(raw) > MAX_FRAME_BYTES;
  let json: unknown;
  try {
    // Bounded by MAX_PAYLOAD: reading an oversized frame still finds its id.
    json = JSON.parse(raw.toString());
  } catch {
    json = undefined;
  }
  const fields = typeof json === "object" && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  // The page's id for the message, when it is one: the page can then show the error on it.
  const id = clientId.safeParse(fields?.clientId);
  const answer = (error: string): Parsed => ({ ok: false, error, ...(id.success ? { clientId: id.data } : {}) });
  if (tooLarge) return answer(msg.tooLarge({ maxKb: MAX_FRAME_BYTES / 1024 }));
  if (!fields) return answer(msg.badJson);
  const type = fields.type;
  if (typeof type !== "string" || !Object.hasOwn(frames, type)) return answer(msg.unknownType({ type: String(type ?? "") }));
  const parsed = incoming.safeParse(json);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const field = String(parsed.error.issues[0]?.path[0] ?? "");
  if (field === "clientId") return answer(fields.clientId === undefined ? msg.missingId : msg.badId);
  return answer(msg.badField({ field }));
}
