/**
 * The sign-off card (issue 12): what a coordinator sees before accepting — the application,
 * progress, the last report, the latest photos as images, and the warnings that make
 * accepting a second, explicit step.
 */
import type { Block, Button, OutboundMessage } from "../core/chat";
import { formatInstant } from "../core/days";
import { signOffWarnings, type SignOffWarning } from "../core/history";
import type { ItemRow } from "../ledger/items";
import { signOffEvidence } from "../ledger/signoff-evidence";
import type { HandlerContext } from "./context";
import { warningsText } from "./history";

/** Photos on the card: the latest few, enough to judge, few enough for a phone. */
const CARD_PHOTOS = 4;

export interface SignOffCard {
  warnings: SignOffWarning[];
  /** The card's blocks and images; the caller adds its buttons. */
  message: OutboundMessage;
}

export async function signOffCard(ctx: HandlerContext, item: ItemRow, note: string): Promise<SignOffCard> {
  const tz = ctx.config.DUBAN_TZ;
  const c = ctx.msg.history.card;
  const ev = await signOffEvidence(ctx.session, item, { latest: CARD_PHOTOS, tz });
  const warnings = signOffWarnings(ev.facts, ctx.now, ctx.config.SIGNOFF_PHOTO_DAYS);
  const lines = [
    ...(item.appliedAt ? [c.applied({ who: ev.appliedBy ?? "", when: formatInstant(item.appliedAt, tz), note })] : []),
    c.progress({ progress: item.progress }),
    ev.lastReport ? c.lastReport({ when: formatInstant(ev.lastReport.at, tz), who: ev.lastReport.who, text: ev.lastReport.text }) : c.noReport,
    c.photos({ shown: ev.latest.length, total: ev.photos }),
  ];
  const blocks: Block[] = [
    { type: "heading", text: c.title({ code: item.code, title: `${item.title} · ${item.leadUnit.name}` }) },
    { type: "list", items: lines },
    warnings.length
      ? { type: "text", text: `${c.warningsTitle}\n${warningsText(ctx, warnings).map((w) => `• ${w}`).join("\n")}` }
      : { type: "text", text: c.noWarnings },
  ];
  const images = ev.latest.map((ph) => ({ sha256: ph.sha256, caption: `${formatInstant(ph.at, tz)} ${ph.who}` }));
  return { warnings, message: { blocks, images, about: { itemCode: item.code } } };
}

export const historyButton = (ctx: HandlerContext, code: string): Button => ({ label: ctx.msg.history.card.historyButton, data: `history:${code}:0` });
export const confirmButton = (ctx: HandlerContext, code: string): Button => ({ label: ctx.msg.history.card.confirmButton, data: `confirm:${code}` });
