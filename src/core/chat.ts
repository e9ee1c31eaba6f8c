/**
 * The platform-neutral chat contract. Every channel (web, Telegram, Slack, and
 * the in-process test adapter) turns platform updates into InboundEvents and
 * renders OutboundMessages; nothing above the adapters knows a platform SDK.
 */
import type { Platform } from "./types";

/** Where a message goes or came from. `chatId` is the platform's own id. */
export interface ChatRef {
  platform: Platform;
  chatId: string;
  /** Direct (one-to-one) chat with the bot, as opposed to a group or channel. */
  direct: boolean;
  title?: string;
  /** A topic inside the chat (a Telegram forum thread): answers and notices stay in it. */
  threadId?: string;
}

export interface Sender {
  /** The platform's user id: the only thing identity binding trusts. */
  userId: string;
  displayName?: string;
  isBot?: boolean;
  /**
   * Posted as the group rather than as a person (a Telegram anonymous admin, whose
   * messages all carry one shared stand-in user id): never bound, never recorded.
   */
  anonymous?: true;
  /** The person's id across the platform's apps (DingTalk's unionId), where the adapter looks it up: recorded at binding. */
  unionId?: string;
}

/** A photo or file attached to an inbound message; fetched with adapter.download. */
export interface MediaRef {
  /** Platform handle for the file (Telegram file_id, Slack url_private, web upload id). */
  fileId: string;
  kind: "photo" | "document";
  mime?: string;
  fileName?: string;
  size?: number;
}

/** A button press: `data` is the action string the bot put on the button. */
export interface ButtonAction {
  data: string;
  /** The bot message carrying the button, when the platform says. */
  messageId?: string;
  /** Platform-specific acknowledgement (Telegram answerCallbackQuery), done by the adapter. */
}

export interface InboundEvent {
  /** Unique per platform: Telegram update_id, Slack event_id, web message id. Redelivery repeats it. */
  eventId: string;
  chat: ChatRef;
  sender: Sender;
  /** Message text or caption, without a leading command. */
  text: string;
  /** `/status 中央-07-2` gives { name: "status", args: "中央-07-2" }; name without slash or @bot. */
  command?: { name: string; args: string };
  media: MediaRef[];
  /** Parts of one album share this key (Telegram media_group_id). */
  albumKey?: string;
  /** The platform message id of this inbound message. */
  messageId?: string;
  /** The bot's own message this one replies to (Telegram reply, Slack thread parent). */
  replyTo?: string;
  action?: ButtonAction;
  /**
   * The person edited an earlier message: `messageId` is that message's id and `text`
   * its new text (Telegram edited_message, Slack message_changed). Never a new report.
   */
  edited?: boolean;
  /**
   * The platform gave this chat a new id (a Telegram group upgraded to a supergroup):
   * the chat's binding and its unsent messages follow it. Such an event carries nothing
   * else to handle; it may come more than once (from the old chat, from the new one).
   */
  chatMoved?: ChatMove;
  /**
   * The bot was just added to this group (DingTalk's im_cool_app_install): nothing to
   * handle but to say how to report. Its eventId names the group (see bot/howto.ts), so
   * the group is told once however often the platform says so.
   */
  joined?: true;
  at: Date;
}

/** The event id of a "bot added to this group" event (InboundEvent.joined): one per group. */
export function howToEventId(chatId: string): string {
  return `howto:${chatId}`;
}

export interface ChatMove {
  fromChatId: string;
  toChatId: string;
}

/** Formatting is semantic; each adapter's format.ts renders and escapes it. */
export type Block =
  | { type: "heading"; text: string }
  | { type: "text"; text: string }
  | { type: "list"; items: string[] }
  | { type: "divider" };

export interface Button {
  label: string;
  /** Sent back verbatim as ButtonAction.data; keep it under 64 bytes (Telegram's limit). */
  data: string;
}

export interface OutboundMessage {
  blocks: Block[];
  /** Rows of buttons. */
  buttons?: Button[][];
  /** Evidence files by content hash, shown as images where the platform can. */
  images?: { sha256: string; caption?: string }[];
  /** Files to attach (an exported ledger): absolute paths under the data directory. */
  files?: { path: string; name: string }[];
  /** Platform message id to reply or thread to. */
  replyTo?: string;
  /** Replace this earlier bot message instead of sending a new one, where caps.editMessages. */
  edit?: string;
  /** What the message is about, so a reply to it is understood as a report on that item. */
  about?: { itemCode?: string; caseNo?: string };
}

/** The outbox row a message is sent for. */
export interface DeliveryTag {
  outboxId: number;
}

export interface RateLimit {
  count: number;
  perMs: number;
}

/** What the bot is shown in a group: every message, or only what is addressed to it (commands, replies, mentions). */
export type GroupVisibility = "all" | "addressed" | "unknown";

/**
 * How a person can send a photo's original, capture time (EXIF) included, where the chat
 * app strips it from photos: as a file (Telegram's "send as file"), by uploading the
 * camera's file itself (the web chat keeps every byte), or no way this bot can count on.
 * A receipt asks for the original only where there is a way, and the ask is a line of the
 * report's one receipt, which these platforms correct in place (editMessages), never repeat.
 */
export type OriginalPhotoWay = "as_file" | "upload" | "none";

export interface AdapterCaps {
  maxText: number;
  originalPhoto: OriginalPhotoWay;
  /** Asked, not stored: Telegram's privacy mode is learnt when the adapter starts. */
  groupMessages(): GroupVisibility;
  buttons: boolean;
  editMessages: boolean;
  directMessages: boolean;
  rate: { perChat: RateLimit; global: RateLimit };
}

/** How the dispatcher should treat a failed send. */
export interface SendFailure {
  retry: boolean;
  afterMs?: number;
  reason: string;
  /** "platform" when the whole bot is limited (not just this chat): the dispatcher pauses the platform. */
  scope?: "chat" | "platform";
  /** The chat lives at this id now: the dispatcher moves the chat there and sends again, rather than failing. */
  movedTo?: string;
}

/**
 * Resolves once the event is durably recorded (processing goes on behind it): the adapter
 * answers the platform then, and not before. A rejection means it was not recorded: the
 * adapter answers so that the platform delivers it again.
 */
export type EventSink = (event: InboundEvent) => Promise<void>;

export interface ChatAdapter {
  platform: Platform;
  caps: AdapterCaps;
  /** Start receiving (polling, webhook server or socket); every event goes to sink. */
  start(sink: EventSink): Promise<void>;
  /** Stop receiving; in-flight sink calls are awaited. */
  stop(): Promise<void>;
  /**
   * Send (or edit) one message; long text is split by the adapter. Returns the (first) message id.
   * `tag` names the outbox row the message is sent for; an adapter with findDelivered marks
   * the message with it on the platform, so that the send can be found again.
   */
  send(to: ChatRef, msg: OutboundMessage, tag?: DeliveryTag): Promise<{ messageId: string }>;
  /**
   * Whether a send of this message tagged `tag`, begun at `since`, arrived after all: asked
   * before sending again a row whose earlier attempt never recorded an answer (its process
   * died mid-send). Resolves with the message's id if it is there, null if not (or if the
   * adapter cannot tell for this message: then it is sent again). Adapters without it keep
   * at-least-once: such a send arrives twice.
   */
  findDelivered?(to: ChatRef, msg: OutboundMessage, tag: DeliveryTag, since: Date): Promise<{ messageId: string } | null>;
  /** Fetch an inbound file's bytes. */
  download(media: MediaRef): Promise<Uint8Array>;
  classify(err: unknown): SendFailure;
  /** Whether the channel is connected now (a socket open, polling alive), where the adapter can tell; /readyz asks. */
  connected?(): boolean;
  /**
   * Create a group chat with these members (platforms where the bot may post only into
   * groups it made: WeCom's appchat). `key` is the same for a retry of one request, so a
   * retried command finds the group it made instead of making a second.
   */
  createGroup?(p: { key: string; title: string; ownerUserId: string; memberUserIds: string[] }): Promise<{ chatId: string }>;
}

/**
 * The platform refused to make the group for a reason that retrying will not mend (the app
 * lacks the privilege, a member is outside its range): /建群 says so to the person at once
 * instead of failing the message and trying again. `reason` is the platform's own words.
 */
export class GroupRefused extends Error {
  override name = "GroupRefused";
  constructor(readonly reason: string) {
    super(`group refused: ${reason}`);
  }
}

/** Where notices and digests for a bound group go: into the topic it was bound from, if any. */
export function boundChatRef(chat: { platform: string; chatId: string; threadId: string | null }): ChatRef {
  const ref: ChatRef = { platform: chat.platform as Platform, chatId: chat.chatId, direct: false };
  if (chat.threadId) ref.threadId = chat.threadId;
  return ref;
}

/** The message sent as a new one, for a platform that cannot edit. */
export function withoutEdit(message: OutboundMessage): OutboundMessage {
  const { edit: _edit, ...rest } = message;
  return rest;
}

/** Plain-text rendering, for platforms without markup and for tests. */
export function plainText(msg: OutboundMessage): string {
  return msg.blocks
    .map((b) => {
      switch (b.type) {
        case "heading":
        case "text":
          return b.text;
        case "list":
          return b.items.map((i) => `• ${i}`).join("\n");
        case "divider":
          return "—";
      }
    })
    .join("\n");
}
