/** English messages: the audit chain (`cli audit verify`, the digest's last line, the sealer's warnings). */
import type { audit as zh } from "../zh-CN/audit";

type Row = { seq?: number; id: number; at: string; action: string };
const where = (p: Row) => `${p.seq !== undefined ? `Position ${p.seq} (row #${p.id}, ` : `Row #${p.id} (`}${p.at}, ${p.action})`;

export const audit: typeof zh = {
  clean: (p) => `The audit chain holds: ${p.count} row(s), head at position ${p.seq} · ${p.hash}`,
  empty: "The audit chain is empty: no audit event yet.",
  edited: (p) => `${where(p)} was changed: its content no longer gives its hash in the chain`,
  forged: (p) => `${where(p)} has a mark that does not hold: the ledger did not write it, or someone without the key rewrote it`,
  relinked: (p) => `${where(p)} does not link to the row before it: a row was put in or replaced there`,
  missing: (p) => `${p.before - p.after - 1} row(s) missing between positions ${p.after} and ${p.before}: deleted`,
  unsealed: (p) => `${where(p)} is outside the chain with ${p.mark === "missing" ? "no mark" : "a mark that does not hold"}: inserted behind the ledger's back`,
  broken: (p) => `The audit chain has ${p.n} problem(s) (${p.count} row(s) in the chain).`,
  moreProblems: (p) => `… and ${p.n} more problem(s) not listed.`,
  head: (p) => `Audit chain position ${p.seq} · ${p.hash}`,
};
