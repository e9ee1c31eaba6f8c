/**
 * How the fake Telegram reads requests: bodies in the three encodings grammY uses, and
 * Telegram's HTML parse mode (what a person sees, or the complaint Telegram answers with).
 */
import type { IncomingMessage } from "node:http";

type Json = Record<string, unknown>;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const JSON_FIELDS = new Set(["reply_markup", "reply_parameters", "link_preview_options", "caption_entities", "allowed_updates", "media"]);

/** JSON, multipart (grammY's uploads: fields plus attach:// file parts) or a query string. */
export async function paramsOf(req: IncomingMessage, body: Buffer, url: URL): Promise<{ params: Json; files: Record<string, Uint8Array> }> {
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) return { params: body.length ? JSON.parse(body.toString("utf8")) : {}, files: {} };
  const boundary = /boundary=(.+)$/.exec(type)?.[1];
  if (!boundary) return { params: Object.fromEntries(url.searchParams), files: {} };
  // By hand: grammY writes `filename=a.jpg` unquoted, which Telegram takes and undici's parser refuses.
  const delimiter = Buffer.from(`--${boundary}`);
  const params: Json = {};
  const parts: Record<string, Uint8Array> = {};
  for (let at = body.indexOf(delimiter); at !== -1; ) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(at + delimiter.length + 2, next - 2);
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const content = part.subarray(split + 4);
    const name = /;\s*name="?([^";\r\n]+)"?/i.exec(headers)?.[1];
    if (name && /filename=/i.test(headers)) parts[name] = new Uint8Array(content);
    else if (name) params[name] = JSON_FIELDS.has(name) ? JSON.parse(content.toString("utf8")) : content.toString("utf8");
    at = next;
  }
  const files: Record<string, Uint8Array> = {};
  for (const [key, value] of Object.entries(params)) {
    const attached = typeof value === "string" ? value.match(/^attach:\/\/(.+)$/) : null;
    if (attached && parts[attached[1]!]) files[key] = parts[attached[1]!]!;
  }
  // An album (sendMediaGroup) names each part's file inside its media array: media.0, media.1, …
  if (Array.isArray(params.media)) {
    params.media.forEach((m: { media?: unknown }, i: number) => {
      const attached = typeof m?.media === "string" ? m.media.match(/^attach:\/\/(.+)$/) : null;
      if (attached && parts[attached[1]!]) files[`media.${i}`] = parts[attached[1]!]!;
    });
  }
  return { params, files };
}

const TAGS = new Set(["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a", "span", "tg-spoiler", "blockquote", "tg-emoji"]);
const ENTITIES: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

export class TelegramHtmlError extends Error {}

/** Telegram's HTML parse mode: the text a person sees, or the complaint Telegram would answer with. */
export function readTelegramHtml(html: string): string {
  let out = "";
  const open: string[] = [];
  for (let i = 0; i < html.length; ) {
    const ch = html[i]!;
    if (ch === "<") {
      const tag = /^<(\/?)([a-z-]+)(\s[^<>]*)?>/i.exec(html.slice(i, i + 300));
      const name = tag?.[2]!.toLowerCase();
      if (!tag || !name || !TAGS.has(name)) throw new TelegramHtmlError(`Unsupported start tag at byte offset ${i}`);
      if (!tag[1]) open.push(name);
      else if (open.pop() !== name) throw new TelegramHtmlError(`Unmatched end tag at byte offset ${i}`);
      i += tag[0].length;
    } else if (ch === "&") {
      const entity = /^&(#\d+|#x[0-9a-f]+|[a-z]+);/i.exec(html.slice(i, i + 12));
      const name = entity?.[1]!;
      if (!entity || !name || (!name.startsWith("#") && !(name in ENTITIES))) throw new TelegramHtmlError(`Character entity expected at byte offset ${i}`);
      out += name.startsWith("#x") ? String.fromCodePoint(parseInt(name.slice(2), 16)) : name.startsWith("#") ? String.fromCodePoint(Number(name.slice(1))) : ENTITIES[name];
      i += entity[0].length;
    } else if (ch === ">") {
      throw new TelegramHtmlError(`Unexpected end of tag at byte offset ${i}`);
    } else {
      out += ch;
      i++;
    }
  }
  if (open.length > 0) throw new TelegramHtmlError(`Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return out;
}
