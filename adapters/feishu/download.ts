/**
 * Fetching a picture or file someone sent, through the message-resource API
 * (GET /open-apis/im/v1/messages/:message_id/resources/:file_key?type=image|file),
 * which needs the message id with the key: parse.ts puts both in MediaRef.fileId.
 */
import type * as lark from "@larksuiteoapi/node-sdk";
import type { MediaRef } from "../../src/core/chat";
import { mediaKeyOf } from "./parse";

export class DownloadRefused extends Error {
  override name = "DownloadRefused";
}

export async function downloadFile(client: lark.Client, media: MediaRef): Promise<Uint8Array> {
  const ref = mediaKeyOf(media.fileId);
  if (!ref) throw new DownloadRefused(`not a Feishu resource: ${media.fileId}`);
  const res = await client.im.messageResource.get({
    path: { message_id: ref.messageId, file_key: ref.key },
    params: { type: media.kind === "photo" ? "image" : "file" },
  });
  const chunks: Buffer[] = [];
  for await (const chunk of res.getReadableStream()) chunks.push(Buffer.from(chunk as Uint8Array));
  return new Uint8Array(Buffer.concat(chunks));
}
