/**
 * The sign-off card (issue 12): what a coordinator sees before accepting — the application,
 * progress, the last report, the latest photos as images and documents as files, and the warnings that make
 * accepting a second, explicit step.
 */
import { flaggedPhotos } from "../ledger/evidence-review";
import { flaggedImages, flaggedLine } from "./flagged";
import type { Block, Button, OutboundMessage } from "../core/chat";
import { formatInstant } from "../core/days";
import { signOffWarnings, type SignOffWarning } from "../core/history";
import type { Config } from "../config";
import type { Catalogue } from "../i18n/index";
import type { ItemRow } from "../ledger/items";
import type { Session } from "../ledger/session";
import { signOffEvidence } from "../ledger/signoff-evidence";
import { warningLetters } from "./buttons";
import { documentFiles, documentLine, warningsText } from "./history";

/** What the card needs: a handler's context has it, and so has the demo's seed. */
export interface CardContext {
  session: Session;
  msg: Catalogue;
  now: Date;
  config: Pick<Config, "DUBAN_TZ" | "SIGNOFF_PHOTO_DAYS" | "dataDir">;
}

/** Photos on the card: the latest few, enough to judge, few enough for a phone. */
const CARD_PHOTOS = 4;

export interface SignOffCard {
  warnings: SignOffWarning[];
  /** The card's blocks and images; the caller adds its buttons. */
  message: OutboundMessage;
}

/** Flagged photos the card shows with their matches: more are one /存疑 away. */
const CARD_FLAGS = 3;

export async function signOffCard(ctx: CardContext, item: ItemRow, note: string): Promise<SignOffCard> {
  const tz = ctx.config.DUBAN_TZ;
  const c = ctx.msg.history.card;
  const ev = await signOffEvidence(ctx.session, item, { latest: CARD_PHOTOS, tz });
  const warnings = signOffWarnings(ev.facts, ctx.now, ctx.config.SIGNOFF_PHOTO_DAYS);
  const lines = [
    ...(item.appliedAt ? [c.applied({ who: ev.appliedBy ?? "", when: formatInstant(item.appliedAt, tz), note })] : []),
    c.progress({ progress: item.progress }),
    ev.lastReport ? c.lastReport({ when: formatInstant(ev.lastReport.at, tz), who: ev.lastReport.who, text: ev.lastReport.text }) : c.noReport,
    c.photos({ shown: ev.latest.length, total: ev.photos }),
    ...(ev.documents ? [[c.documents({ shown: ev.latestDocuments.length, total: ev.documents }), ...ev.latestDocuments.map((d) => documentLine(ctx.msg, d))].join("\n")] : []),
  ];
  const blocks: Block[] = [
    { type: "heading", text: c.title({ code: item.code, title: `${item.title} · ${item.leadUnit.name}` }) },
    { type: "list", items: lines },
    warnings.length
      ? { type: "text", text: `${c.warningsTitle}\n${warningsText(ctx.msg, warnings).map((w) => `• ${w}`).join("\n")}` }
      : { type: "text", text: c.noWarnings },
  ];
  // Each open flag beside the earlier photo it copies: the decision is made looking at both.
  const flagged = await flaggedPhotos(ctx.session, { itemCode: item.code, take: CARD_FLAGS });
  if (flagged.length) blocks.push({ type: "list", items: flagged.map((p) => flaggedLine(ctx, p)) });
  const images = [
    ...ev.latest.map((ph) => ({ sha256: ph.sha256, caption: `${formatInstant(ph.at, tz)} ${ph.who}` })),
    ...flagged.flatMap((p) => flaggedImages(ctx, p)),
  ];
  const files = await documentFiles(ctx, ev.latestDocuments);
  return { warnings, message: { blocks, images, ...(files.length ? { files } : {}), about: { itemCode: item.code } } };
}

/**
 * The notice the coordinators get when a unit applies: who applied, with the card below it,
 * and the buttons to accept or to see the whole history (查看详情).
 */
export async function applicationNotice(ctx: CardContext, item: ItemRow, p: { person: string; evidence: number; documents: number; note: string }): Promise<OutboundMessage> {
  const card = await signOffCard(ctx, item, p.note);
  const { msg } = ctx;
  return {
    ...card.message,
    blocks: [
      { type: "text", text: msg.bot.applicationNotice({ code: item.code, title: item.title, unit: item.leadUnit.name, person: p.person, photos: p.evidence, documents: p.documents, note: p.note }) },
      ...card.message.blocks.slice(1),
    ],
    buttons: [[{ label: msg.bot.acceptButton, data: `accept:${item.code}` }, { label: msg.bot.statusButton, data: `history:${item.code}:0` }]],
  };
}

export const historyButton = (ctx: CardContext, code: string): Button => ({ label: ctx.msg.history.card.historyButton, data: `history:${code}:0` });
export const confirmButton = (ctx: CardContext, code: string, warnings: SignOffWarning[]): Button => ({
  label: ctx.msg.history.card.confirmButton,
  data: `confirm:${code}:${warningLetters(warnings)}`,
});
