/**
 * Sending as the intelligent robot: everything goes through the long connection with the
 * SDK's `aibot_send_msg` (WSClient.sendMessage; chatid is the userid in a one-to-one chat,
 * the group's chatid in a group). That command takes markdown, template cards and media
 * (node_modules/@wecom/aibot-node-sdk/dist/types/api.d.ts, SendMsgBody): text goes as
 * markdown (escaped in format.ts), buttons as a `button_interaction` card, pictures and files uploaded first in
 * chunks (WSClient.uploadMedia) and then sent by media_id.
 *
 * WeCom answers each command with `{ headers: { req_id }, errcode, errmsg }`; the SDK rejects
 * with that frame when errcode is not 0, or with an Error when the socket is down or no
 * answer came in time. Both become a WecomRobotError here, so classify() (and the combined
 * adapter) can tell a robot failure from an app one.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { WSClient } from "@wecom/aibot-node-sdk";
import type { ChatRef, OutboundMessage, SendFailure } from "../../src/core/chat";
import { splitText } from "../../src/core/split-text";
import { evidencePath } from "../../src/ledger/evidence";
import type { Logger } from "../../src/log";
import { cardsOf, markdownOf } from "./format";
import { MissingEvidence, photoUpload } from "./send";

/**
 * The robot's markdown is cut at 4096 bytes (UTF-8) as the group robot's is
 * (https://developer.work.weixin.qq.com/document/path/99110#markdown类型); at most 3 bytes a
 * UTF-16 unit, 1300 units stay under.
 */
export const ROBOT_MAX_TEXT = 1300;
/** 45009: frequency limit (WeCom's common errcode, path/90313); -1: system busy. */
const FREQUENCY = 45009;
const BUSY = -1;
const FREQUENCY_WAIT_MS = 60_000;
const PART_TRIES = 3;

/** A robot command that failed: WeCom's errcode, or none when the connection failed it. */
export class WecomRobotError extends Error {
  override name = "WecomRobotError";
  constructor(
    message: string,
    readonly errcode: number | undefined,
  ) {
    super(message);
  }
}

function robotError(err: unknown): WecomRobotError {
  if (err instanceof WecomRobotError) return err;
  if (err instanceof Error) return new WecomRobotError(err.message, undefined);
  const frame = err as { errcode?: unknown; errmsg?: unknown } | null;
  const errcode = typeof frame?.errcode === "number" ? frame.errcode : undefined;
  return new WecomRobotError(`robot: errcode ${String(errcode)} ${typeof frame?.errmsg === "string" ? frame.errmsg : ""}`.trim(), errcode);
}

export type RobotClient = Pick<WSClient, "sendMessage" | "uploadMedia" | "sendMediaMessage">;

export interface RobotSendDeps {
  client: RobotClient;
  dataDir: string;
  log: Logger;
  /** Wait inside a split message after a frequency limit (a test makes it short). */
  partWaitMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function sendAsRobot(deps: RobotSendDeps, to: ChatRef, msg: OutboundMessage): Promise<{ messageId: string }> {
  const attachments: { type: "image" | "file"; bytes: Buffer; name: string }[] = [];
  for (const img of msg.images ?? []) {
    const path = await evidencePath(deps.dataDir, img.sha256);
    if (!path) throw new MissingEvidence(`no evidence file for ${img.sha256}`);
    const bytes = await readFile(path);
    attachments.push({ type: photoUpload(path, bytes.length), bytes, name: basename(path) });
  }
  for (const f of msg.files ?? []) attachments.push({ type: "file", bytes: await readFile(f.path), name: f.name });

  let first: string | undefined;
  // Once a first part is shown, sending the whole message again would show it twice: later parts wait out a limit themselves.
  const step = async (call: () => Promise<{ headers: { req_id: string } }>) => {
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = await call();
        first ??= ack.headers.req_id;
        return;
      } catch (raw) {
        const err = robotError(raw);
        if (first === undefined || err.errcode !== FREQUENCY || attempt >= PART_TRIES) throw err;
        deps.log.warn("wecom robot frequency limit inside a split message; waiting", { errcode: err.errcode });
        await sleep(deps.partWaitMs);
      }
    }
  };

  const text = markdownOf(msg);
  const parts = text.trim() === "" ? [] : splitText(text, ROBOT_MAX_TEXT).filter((p) => p.trim() !== "");
  for (const content of parts) await step(() => deps.client.sendMessage(to.chatId, { msgtype: "markdown", markdown: { content } }));
  for (const card of cardsOf(msg)) await step(() => deps.client.sendMessage(to.chatId, { msgtype: "template_card", template_card: card }));
  for (const a of attachments) {
    await step(async () => {
      const up = await deps.client.uploadMedia(a.bytes, { type: a.type, filename: a.name });
      return deps.client.sendMediaMessage(to.chatId, a.type, up.media_id);
    });
  }
  if (first === undefined) throw new Error("nothing to send: the message has no text, buttons or files");
  return { messageId: first };
}

export function isRobotFailure(err: unknown): boolean {
  return err instanceof WecomRobotError;
}

/** Whether and when a failed robot send is worth another attempt. */
export function classifyRobot(err: unknown): SendFailure {
  if (err instanceof MissingEvidence) return { retry: false, reason: err.message };
  const e = robotError(err);
  if (e.errcode === FREQUENCY) return { retry: true, afterMs: FREQUENCY_WAIT_MS, scope: "platform", reason: `errcode ${FREQUENCY}: frequency limit` };
  if (e.errcode === BUSY) return { retry: true, reason: "errcode -1: WeCom busy" };
  if (e.errcode !== undefined) return { retry: false, reason: e.message };
  // No errcode: the socket was down (the SDK reconnects) or WeCom did not answer in time.
  return { retry: true, reason: e.message };
}
