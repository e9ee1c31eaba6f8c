/** English messages: what the bot says when a person edits a message they sent. */
import type { edits as zh } from "../zh-CN/edits";

export const edits: typeof zh = {
  corrected: "(corrected as edited)",
  tooLate: (p) =>
    `This report is more than ${p.minutes} minutes old, so editing it does not change the ledger. To correct it, send a new report with the code, e.g. "#中央-07-2 correction: 70% done".`,
  signedOff: (p) => `${p.code} is signed off: this report can no longer be changed. To correct it, ask the rectification office.`,
  notAReport: "An edited message is not processed again. To report or run a command, send a new message.",
};
