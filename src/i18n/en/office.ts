/** English messages: the office's daily work — transfers, assignments, cooperating units. */
import type { office as zh } from "../zh-CN/office";

export const office: typeof zh = {
  sameUnit: (p) => `${p.unit} already leads ${p.code}: nothing to transfer.`,
  transferred: (p) =>
    `🔀 Transferred: ${p.code} ${p.title} moves from ${p.from} to ${p.to} as lead unit. Reason: ${p.reason}\n${p.to}: a responsible person is to be named (office: /assign ${p.code} <name>).`,
  unknownPerson: (p) => `Nobody called "${p.name}" is in the ledger. Check the name, or add them with /invite first.`,
  otherUnitPerson: (p) => `${p.name} belongs to ${p.unit}, not to ${p.lead}, the lead unit of ${p.code}. Name someone of ${p.lead}, or /transfer first.`,
  assigned: (p) => `👤 ${p.code} ${p.title}: responsible person ${p.to} (${p.unit})${p.from ? `, was ${p.from}` : ""}.`,
  leadCannotCooperate: (p) => `${p.unit} leads ${p.code} and cannot also cooperate on it.`,
  cooperatingSet: (p) => `🤝 ${p.code} ${p.title}: cooperating units ${p.units || "none"}.`,
  history: {
    transferred: (p) => `${p.when} ${p.who} transferred it: ${p.from} → ${p.to}, reason: ${p.reason}`,
    personAssigned: (p) => `${p.when} ${p.who} named the responsible person${p.from ? `: ${p.from} → ${p.to}` : ` ${p.to}`}`,
    cooperatingSet: (p) => `${p.when} ${p.who} set the cooperating units: ${p.units || "none"}`,
  },
};
