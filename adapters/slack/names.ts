/**
 * People's and channels' names for inbound events: Slack's message events carry only
 * ids. Looked up once per id (users.info, conversations.info) and kept for the life of
 * the process. A lookup that fails or is slow leaves the name out; it never holds up or
 * loses the event, which must reach the bot within Slack's 3 seconds.
 */
import type { webApi } from "@slack/bolt";
import type { InboundEvent } from "../../src/core/chat";
import type { Logger } from "../../src/log";

/** Longest wait for names before the event goes on without them. */
const LOOKUP_BUDGET_MS = 800;
/** Names kept; a workspace with more people starts over rather than growing without end. */
const MAX_NAMES = 10_000;

export interface Names {
  /** The event with sender.displayName and chat.title filled in where Slack tells them. */
  enrich(event: InboundEvent): Promise<InboundEvent>;
}

export function createNames(client: webApi.WebClient, log: Logger): Names {
  const users = new Map<string, string | null>();
  const channels = new Map<string, string | null>();

  async function cached(map: Map<string, string | null>, id: string, fetch: () => Promise<string | undefined>) {
    if (map.has(id)) return map.get(id) ?? undefined;
    let name: string | null = null;
    try {
      name = (await fetch()) || null;
    } catch (err) {
      // A missing scope fails every time: remember the miss instead of asking on every message.
      log.debug("slack name lookup failed", { id, err });
    }
    if (map.size >= MAX_NAMES) map.clear();
    map.set(id, name);
    return name ?? undefined;
  }

  const userName = (id: string) =>
    cached(users, id, async () => {
      const { user } = await client.users.info({ user: id });
      return user?.profile?.display_name || user?.real_name || user?.name;
    });
  const channelName = (id: string) =>
    cached(channels, id, async () => (await client.conversations.info({ channel: id })).channel?.name);

  return {
    async enrich(event) {
      const lookups = Promise.all([
        event.sender.displayName ?? userName(event.sender.userId),
        event.chat.direct || event.chat.title ? event.chat.title : channelName(event.chat.chatId),
      ]);
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<null>((r) => (timer = setTimeout(() => r(null), LOOKUP_BUDGET_MS)));
      const found = await Promise.race([lookups, late]).finally(() => clearTimeout(timer));
      if (!found) return event;
      const [displayName, title] = found;
      return {
        ...event,
        sender: { ...event.sender, ...(displayName ? { displayName } : {}) },
        chat: { ...event.chat, ...(title ? { title } : {}) },
      };
    },
  };
}
