/**
 * The look-back card: what a coordinator sees when fresh photos arrive on a signed-off item
 * in its look-back window — the fresh photos beside the photos it was signed off on, each
 * fresh one that repeats a sign-off photo (the same picture or a near copy) said so, and
 * the buttons to pass or fail the look-back. It goes to the coordinators only: the official
 * who sent the photo is not shamed in the unit's group.
 */
import type { Button, OutboundMessage } from "../core/chat";
import { formatInstant } from "../core/days";
import type { Config } from "../config";
import type { Catalogue } from "../i18n/index";
import { flagReasons } from "../i18n/flags";
import type { ItemRow } from "../ledger/items";
import type { LookbackComparison } from "../ledger/lookbacks";

/** Sign-off photos shown beside the fresh ones: those repeated, then the newest, up to this many. */
const SIGNOFF_SHOWN = 4;

interface Shown {
  msg: Catalogue;
  config: Pick<Config, "DUBAN_TZ">;
}

export function lookbackCard(
  ctx: Shown,
  item: ItemRow,
  p: { who: string; text: string; lookbackDue: string | null; compared: LookbackComparison },
): OutboundMessage {
  const l = ctx.msg.lookback;
  const tz = ctx.config.DUBAN_TZ;
  const { fresh, signOff } = p.compared;
  const lines = [
    l.card.report({ who: p.who, text: p.text }),
    ...(item.signedOffAt ? [l.card.signedOff({ when: formatInstant(item.signedOffAt, tz), due: p.lookbackDue ?? "" })] : []),
    l.card.counts({ fresh: fresh.length, signOff: signOff.length }),
  ];
  const warnings = fresh.flatMap((f, i) => {
    const n = i + 1;
    const said = f.repeats ? [l.card.repeats({ n, date: formatInstant(f.repeats.receivedAt, tz), kind: ctx.msg.evidence.kind[f.repeats.kind] })] : [];
    // Reused / near copy of a photo that is not the sign-off's: the ledger-wide flag says it.
    const others = f.flags.filter((flag) => !(f.repeats && (flag === "reused" || flag === "near_copy")));
    if (others.length) said.push(l.card.otherFlags({ n, reasons: flagReasons(ctx.msg, ctx.msg.evidence.reason, { flags: others, placeMeters: f.placeMeters }).join("；") }));
    return said;
  });
  const verdict = fresh.length === 0 ? l.card.noPhotos : warnings.length ? warnings.join("\n") : l.card.noRepeats;
  const repeated = new Set(fresh.flatMap((f) => (f.repeats ? [f.repeats.photoId] : [])));
  const shownSignOff = [...signOff.filter((s) => repeated.has(s.photoId)), ...signOff.filter((s) => !repeated.has(s.photoId))].slice(0, SIGNOFF_SHOWN);
  const images = [
    ...fresh.map((f, i) => ({
      sha256: f.sha256,
      caption: l.card.freshCaption({
        n: i + 1, when: formatInstant(f.receivedAt, tz),
        warning: f.repeats ? l.card.repeatsShort(ctx.msg.evidence.kind[f.repeats.kind]) : flagReasons(ctx.msg, ctx.msg.evidence.reason, f).join("；"),
      }),
    })),
    ...shownSignOff.map((s) => ({ sha256: s.sha256, caption: l.card.signOffCaption({ when: formatInstant(s.receivedAt, tz) }) })),
  ];
  return {
    blocks: [
      { type: "heading", text: l.card.title({ code: item.code, title: item.title, unit: item.leadUnit.name }) },
      { type: "list", items: lines },
      { type: "text", text: verdict },
    ],
    images,
    buttons: [lookbackButtons(ctx, item.code)],
    about: { itemCode: item.code },
  };
}

export const lookbackButtons = (ctx: Shown, code: string): Button[] => [
  { label: ctx.msg.lookback.passButton, data: `lookback:pass:${code}` },
  { label: ctx.msg.lookback.failButton, data: `lookback:fail:${code}` },
  { label: ctx.msg.history.card.historyButton, data: `history:${code}:0` },
];
