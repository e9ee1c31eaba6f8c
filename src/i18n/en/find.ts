/** English messages: finding items and units by keyword, a loosely typed code or part of a name. */
import type { find as zh } from "../zh-CN/find";

export const find: typeof zh = {
  didYouMean: (p) => `There is no rectification item with code ${p.code}. Did you mean: ${p.codes}`,
  results: (p) => `Items containing "${p.keyword}" (${p.total})${p.pages > 1 ? ` · page ${p.page}/${p.pages}` : ""}`,
  noResults: (p) => `No item contains "${p.keyword}". Try another word, or send /mine for your unit's items.`,
  tooMany: (p) => `Many matches: only the first ${p.max} are listed. Try a more specific word.`,
  noPage: (p) => `There is no page ${p.page} (${p.pages} in all).`,
  previous: "◀ Previous",
  next: "Next ▶",
  hint: "Send /status <code> for details.",
  whichUnit: (p) => `Several units match "${p.name}": ${p.units}. Pick one, or write the unit's full name.`,
};
