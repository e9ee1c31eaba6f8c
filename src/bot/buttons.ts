/**
 * Button data is input like any other: a platform hands back whatever string a client
 * sends (an old message, a modified client). Read it with zod; anything else is a stale
 * button, answered as such, never an exception.
 */
import { z } from "zod";
import { SIGNOFF_WARNING_KINDS, type SignOffWarning } from "../core/history";

/** A letter for each warning kind, in SIGNOFF_WARNING_KINDS order. */
const WARNING_LETTERS = "pnfdr";

export function warningLetters(warnings: SignOffWarning[]): string {
  return warnings.map((w) => WARNING_LETTERS[SIGNOFF_WARNING_KINDS.indexOf(w.kind)]).join("");
}

function warningsOfLetters(letters: string): SignOffWarning["kind"][] {
  return [...letters].flatMap((l) => {
    const i = WARNING_LETTERS.indexOf(l);
    return i >= 0 ? [SIGNOFF_WARNING_KINDS[i]!] : [];
  });
}

// Database ids are 32-bit integers on both databases.
const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
const code = z.string().trim().min(1).max(64);
// No keyword finds more than SEARCH_LIMIT items, ten a page.
const SEARCH_PAGES = 20;

export type ButtonChoice =
  | { kind: "pick"; reportId: number; itemId: number }
  | { kind: "accept"; code: string }
  | { kind: "status"; code: string }
  | { kind: "history"; code: string; page: number }
  | { kind: "confirm"; code: string; seen: SignOffWarning["kind"][] }
  | { kind: "reopen"; code: string }
  /** The look-back card's verdict: a pass is recorded at once, a fail asks for its reason. */
  | { kind: "lookback"; passed: boolean; code: string }
  | { kind: "verify"; photoId: number }
  /** A page of /查询's keyword results; the keyword is the rest, ":" and all. */
  | { kind: "find"; page: number; keyword: string }
  /** Button `index` of a question whose commands are kept in the ledger (src/ledger/pending-choices). */
  | { kind: "choice"; token: string; index: number };

const shapes = {
  pick: z.tuple([id, id]).transform(([reportId, itemId]) => ({ kind: "pick" as const, reportId, itemId })),
  accept: z.tuple([code]).transform(([c]) => ({ kind: "accept" as const, code: c })),
  status: z.tuple([code]).transform(([c]) => ({ kind: "status" as const, code: c })),
  history: z.tuple([code, z.coerce.number().int().min(0).max(9999)]).transform(([c, page]) => ({ kind: "history" as const, code: c, page })),
  // The card's warnings ride on the button (one letter each: Telegram allows 64 bytes).
  confirm: z.tuple([code], z.string().regex(/^[a-z]*$/).max(8)).transform(([c, letters]) => ({ kind: "confirm" as const, code: c, seen: warningsOfLetters(letters ?? "") })),
  reopen: z.tuple([code]).transform(([c]) => ({ kind: "reopen" as const, code: c })),
  lookback: z.tuple([z.enum(["pass", "fail"]), code]).transform(([verdict, c]) => ({ kind: "lookback" as const, passed: verdict === "pass", code: c })),
  verify: z.tuple([id]).transform(([photoId]) => ({ kind: "verify" as const, photoId })),
  find: z.tuple([z.coerce.number().int().min(0).max(SEARCH_PAGES)], z.string())
    .transform(([page, ...rest]) => ({ kind: "find" as const, page, keyword: rest.join(":") }))
    .refine((c) => c.keyword.trim().length > 0),
  choice: z.tuple([z.string().regex(/^[A-Za-z0-9_-]{12}$/), z.coerce.number().int().min(0).max(99)])
    .transform(([token, index]) => ({ kind: "choice" as const, token, index })),
};

export function parseButtonData(data: string): ButtonChoice | null {
  const [kind, ...args] = data.split(":");
  const shape = kind && Object.hasOwn(shapes, kind) ? shapes[kind as keyof typeof shapes] : undefined;
  const parsed = shape?.safeParse(args);
  return parsed?.success ? parsed.data : null;
}
