/** English messages: the office's daily work — transfers, assignments, cooperating units, chases, instructions. */
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
  chaseDenied: "Only the rectification office and leaders can chase.",
  chaseNotice: (p) =>
    `📣 Chased: ${p.code} ${p.title} (${p.unit})\n${p.by} asks: ${p.request || "act on it and report progress"}${p.due ? `, by ${p.due}` : ""}.\nReply to this message or send "#${p.code} progress" to report.`,
  chaseUnitNotice: (p) =>
    `📣 Chased: ${p.unit} has ${p.n} overdue item${p.n === 1 ? "" : "s"}\n${p.lines}\n${p.by} asks: ${p.request || "act on them and report progress on each"}${p.due ? `, by ${p.due}` : ""}.`,
  chased: (p) => `Chased ${p.code} (${p.unit}): recorded, and the unit's group and the responsible person are told.${p.later ? ` It is quiet hours: the notice goes out at ${p.later}.` : ""}`,
  chasedUnit: (p) => `Chased ${p.unit} on ${p.n} overdue item${p.n === 1 ? "" : "s"}, each recorded and told.${p.later ? ` It is quiet hours: the notice goes out at ${p.later}.` : ""}`,
  noOverdue: (p) => `${p.unit} has no overdue items: nothing to chase.`,
  chaseAnswered: (p) => `✅ ${p.unit} reported on ${p.code}, answering your chase of ${p.when}: ${p.text || "(photos)"}`,
  answeredChase: "📌 This report answers a chase; the chaser is told.",
  chaseSummary: (p) => `Chased ${p.n} time${p.n === 1 ? "" : "s"}, last on ${p.last}, ${p.unanswered ? "unanswered" : "answered"}`,
  instructDenied: "Only leaders give instructions.",
  instructionNotice: (p) => `📝 Leader's instruction: ${p.code} ${p.title}\n${p.by}: ${p.text}\n${p.unit}: please act on it and report what was done ("#${p.code} what was done").`,
  instructed: (p) => `Instruction on ${p.code} recorded and passed to ${p.unit}.`,
  followedUp: (p) => `✅ ${p.unit} reported on ${p.code}, following up your instruction: ${p.text || "(photos)"}`,
  followsUp: "📌 This report is recorded as the follow-up to a leader's instruction.",
  heldUntil: (p) => `It is quiet hours: the notice goes out at ${p.at}.`,
  lightWord: { overdue: "overdue", red: "red", dueSoon: "due soon", stale: "silent", normal: "on track", signedOff: "signed off" },
  leads: (p) => `led by ${p.unit}`,
  lead: "your unit leads",
  cooperates: (p) => `your unit cooperates (${p.unit} leads)`,
  mineOwn: "Items you are responsible for",
  mineUnit: "Other items your unit leads or cooperates on",
  chatInDirect: "A direct chat cannot be bound as a group. Add me to the group first, then send /chat leaders, /chat coordinators or /chat unit <unit name> in that group.",
  digest: {
    chases: (count) => `📣 Chases unanswered: ${count} item${count === 1 ? "" : "s"}`,
    chasedBy: (p) => `chased by ${p.by}, due ${p.due}`,
    instructions: (count) => `📝 New instructions: ${count}`,
  },
  history: {
    transferred: (p) => `${p.when} ${p.who} transferred it: ${p.from} → ${p.to}, reason: ${p.reason}`,
    personAssigned: (p) => `${p.when} ${p.who} named the responsible person${p.from ? `: ${p.from} → ${p.to}` : ` ${p.to}`}`,
    cooperatingSet: (p) => `${p.when} ${p.who} set the cooperating units: ${p.units || "none"}`,
    chased: (p) => `${p.when} ${p.who} chased it${p.request ? `: ${p.request}` : ""}${p.due ? ` (by ${p.due})` : ""}`,
    instructed: (p) => `${p.when} ${p.who} instructed: ${p.text}`,
  },
};
