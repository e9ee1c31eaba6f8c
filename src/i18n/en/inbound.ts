/** English messages: what the bot says about a message it could not process (dead letters). */
import type { inbound as zh } from "../zh-CN/inbound";

export const inbound: typeof zh = {
  apology: "Sorry, this message could not be processed. It has been recorded and the admins notified.",
  adminNotice: (p) =>
    `⚠️ A message from ${p.platform} could not be processed (failed event #${p.id}): ${p.error}\nOnce fixed, replay it with npm run cli -- inbound retry ${p.id}.`,
  cli: {
    none: "No failed messages.",
    heading: (p) => `Failed messages: ${p.n} (replay one with npm run cli -- inbound retry <id>)`,
    row: (p) => `  #${p.id} ${p.at} ${p.platform} ${p.chatId} · ${p.attempts} tries · ${p.error}`,
    replayed: (p) => `Failed event #${p.id} was processed again; its replies are queued.`,
    notFound: (p) => `There is no failed event #${p.id}.`,
    alreadyReplayed: (p) => `Failed event #${p.id} was already replayed.`,
    failedAgain: (p) => `Failed event #${p.id} failed again: ${p.error}`,
    badId: (p) => `"${p.raw}" is not a failed event id (a number; see npm run cli -- inbound list).`,
  },
};
