/** A flagged photo beside the earlier photo it copies, as /存疑, the sign-off card and the history show it. */
import type { Config } from "../config";
import { formatInstant } from "../core/days";
import type { Catalogue } from "../i18n/index";
import { flagReasons } from "../i18n/flags";
import type { FlaggedPhoto } from "../ledger/evidence-review";
import { isCoordinator } from "../core/lifecycle";
import type { HandlerContext } from "./context";

/**
 * Where flags and their matches may be read: a coordinator in the coordinators' group or a
 * direct chat, never a unit's group, so the official who sent the photo is not shamed there.
 */
export const mayReadFlags = (ctx: HandlerContext) => isCoordinator(ctx.person) && (ctx.event.chat.direct || ctx.chat?.purpose !== "unit");

interface Shown {
  msg: Catalogue;
  config: Pick<Config, "DUBAN_TZ">;
}

export function flaggedLine(ctx: Shown, p: FlaggedPhoto): string {
  const e = ctx.msg.evidence;
  const tz = ctx.config.DUBAN_TZ;
  const head = e.photo({
    id: p.photoId, item: p.item ?? e.unfiled, unit: p.unit ?? "", when: formatInstant(p.sentAt, tz), who: p.sender,
    reasons: flagReasons(ctx.msg, e.reason, p).join("；"),
  });
  const matches = p.matches.map((m) => e.match({ item: m.item ?? e.unfiled, unit: m.unit ?? "", date: formatInstant(m.sentAt, tz), kind: e.kind[m.kind] }));
  return [head, ...matches].join("\n");
}

/** The flagged photo and each photo it copies, one after the other, captioned. */
export function flaggedImages(ctx: Shown, p: FlaggedPhoto): { sha256: string; caption: string }[] {
  const e = ctx.msg.evidence;
  const tz = ctx.config.DUBAN_TZ;
  return [
    { sha256: p.sha256, caption: e.photo({ id: p.photoId, item: p.item ?? e.unfiled, unit: p.unit ?? "", when: formatInstant(p.sentAt, tz), who: p.sender, reasons: flagReasons(ctx.msg, e.reason, p).join("；") }) },
    ...p.matches.map((m) => ({ sha256: m.sha256, caption: e.match({ item: m.item ?? e.unfiled, unit: m.unit ?? "", date: formatInstant(m.sentAt, tz), kind: e.kind[m.kind] }) })),
  ];
}
