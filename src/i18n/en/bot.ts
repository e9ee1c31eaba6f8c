/** English messages: the bot's replies. Keys and parameters must match ../zh-CN/bot.ts. */
import type { bot as zh } from "../zh-CN/bot";

type Code = { code: string };
type Case = { caseNo: string };
const s = (n: number) => (n === 1 ? "" : "s");

/** An application's evidence: its photos, and its documents when there are any. */
export const evidenceEn = (p: { photos: number; documents: number }) =>
  `${p.photos} evidence photo${s(p.photos)}${p.documents ? `, ${p.documents} document${s(p.documents)}` : ""}`;

export const bot: typeof zh = {
  unbound: "Hello! Your account is not yet bound to a person in the ledger, so I cannot record what you send. Ask the rectification office for a bind code, then send: /bind <code>",
  unknownItem: (p: Code) => `There is no rectification item with code ${p.code}.`,
  unknownItemQuery: (p: Code) => `There is no rectification item with code ${p.code}. Send /mine to see your unit's item codes.`,
  unknownUnit: (p: { name: string }) => `No unit called "${p.name}". Use the unit's name or short name as in the ledger.`,
  notYourUnit: (p: { code: string; unit: string }) => `${p.code} belongs to ${p.unit}; you can only report on your own unit's items. Nothing was recorded.`,
  badPercent: (p: { raw: string }) => `Could not read the progress "${p.raw}": it must be between 0% and 100%. The report was recorded without a progress value.`,
  notYourReport: "This report was sent by someone else; only they can choose its item.",
  reportAlreadyFiled: "This report already belongs to an item.",
  staleButton: "This button no longer works; please send the command again.",
  mediaRejected: {
    download_failed: (_: { name: string }) => "One image could not be received (download failed). Please send it again.",
    too_large: (_: { name: string }) => "One file was too large to keep as evidence. Please compress it and send it again.",
    not_an_image: (p: { name: string }) => `${p.name ? `"${p.name}"` : "One file"} is not an image and was not kept as evidence. Please send a photo.`,
    unsupported_image: (p: { name: string }) => `${p.name ? `"${p.name}"` : "One image"} is in a format I cannot read. Please convert it to JPG or PNG.`,
    too_many_pixels: (_: { name: string }) => "One image has too many pixels. Please send a smaller one.",
    empty: (_: { name: string }) => "One file was empty and was not kept.",
    not_accepted: (p: { name: string }) =>
      `${p.name ? `"${p.name}"` : "One file"} is not evidence I can keep. Send photos, PDF, Word (.doc/.docx), Excel (.xls/.xlsx) or scanned images (JPG/PNG/TIFF).`,
    document_too_large: (p: { name: string; maxMb: number }) =>
      `${p.name ? `"${p.name}"` : "One file"} is over the ${p.maxMb} MB limit and was not kept. Please compress or split it and send it again.`,
  },
  receiptTitle: (p: { code: string; title: string }) => `✅ Progress recorded: ${p.code} ${p.title}`,
  receiptFacts: (p: { percent: number | null; photos: number; documents: number }) =>
    [p.percent !== null ? `progress ${p.percent}%` : null, `${p.photos} photo${s(p.photos)}`, p.documents ? `${p.documents} document${s(p.documents)}` : null].filter(Boolean).join(" · "),
  askOriginal: {
    as_file: (p) =>
      `📎 The photo has no capture time (sending it as a photo removes it). Within ${p.minutes} minutes, please pick the original in your gallery and send it again with "Send as file": it joins this report.`,
    upload: (p) =>
      `📎 The photo has no capture time (screenshots and forwarded pictures have none). Within ${p.minutes} minutes, please upload the original photo from your phone's album: it joins this report.`,
  },
  statusLine: (p: { status: string; light: string; deadline: string }) => `Status: ${p.status} · ${p.light} · deadline: ${p.deadline}`,
  whichItem: "Got it. Which item is this report about? Choose one (or reply with the code, e.g. \"#中央-07-2 60% done\"):",
  whichItemNoChoices: "Got it, but I could not tell which item it is about. Please send it again starting with the item code, e.g. \"#中央-07-2 60% done\". Your message has been kept.",
  card: {
    unit: (p: { lead: string; cooperating: string }) => `Responsible unit: ${p.lead}${p.cooperating ? ` (with ${p.cooperating})` : ""}`,
    people: (p: { leader: string; person: string }) => `Responsible leader: ${p.leader} · person: ${p.person}`,
    status: (p: { status: string; light: string; progress: number | null }) =>
      `Status: ${p.status} · ${p.light}${p.progress !== null ? ` · progress ${p.progress}%` : ""}`,
    deadline: (p: { deadline: string; original: string | null; extensions: number }) =>
      `Deadline: ${p.deadline}${p.original ? ` (originally ${p.original}, extended ${p.extensions} time${s(p.extensions)})` : ""}`,
    reports: (p: { reports: number; photos: number; last: string | null; stale: number | null }) =>
      `${p.reports} report${s(p.reports)} · ${p.photos} photo${s(p.photos)} · last report: ${p.last ?? "none"}${p.stale !== null ? ` (silent for ${p.stale} days)` : ""}`,
    flagged: (p: { n: number }) => `⚠️ ${p.n} questionable photo${s(p.n)} (reused, or taken long before sending)`,
    returned: (p: { n: number; reason: string }) => `Sign-off returned ${p.n} time${s(p.n)}; last reason: ${p.reason}`,
    lookback: (p: { due: string; result: string | null }) =>
      `Look-back: ${p.result === "pass" ? "passed" : p.result === "fail" ? "failed" : `due by ${p.due}`}`,
  },
  lists: {
    mine: "Your unit's open items",
    mineEmpty: "Your unit has no open items.",
    overdue: "Overdue items",
    overdueEmpty: "No overdue items.",
    due: (p: { days: number }) => `Items due within ${p.days} days`,
    dueEmpty: "Nothing is due soon.",
    attention: "Needs attention (red, yellow)",
    attentionEmpty: "No red or yellow items.",
    hintStatus: "Send /status <code> for details.",
    hintUnit: "Send /unit <name> to see one unit.",
  },
  unitSummary: (p: { unit: string; total: number; statuses: string; red: number; yellow: number; green: number }) =>
    `${p.total} items: ${p.statuses}\nOpen: 🔴 ${p.red} · 🟡 ${p.yellow} · 🟢 ${p.green}`,
  lifecycle: {
    not_your_unit: (p: Code) => `${p.code} is not your unit's item.`,
    not_coordinator: (_: Code) => "Only the rectification office (coordinators) can do this.",
    already_signed_off: (p: Code) => `${p.code} is already signed off. To rework it, a coordinator sends /reopen ${p.code} <reason>.`,
    already_awaiting: (p: Code) => `${p.code} is already awaiting sign-off.`,
    not_awaiting: (p: Code) => `${p.code} has no sign-off application to review.`,
    not_signed_off: (p: Code) => `${p.code} is not signed off.`,
    no_evidence: (p: Code) => `Sign-off needs evidence: first send photos for ${p.code} (taken and sent after it was assigned), then /apply ${p.code}.`,
    own_application: (p: Code) => `You applied for ${p.code} yourself; under the four-eyes rule another coordinator must accept it.`,
    reason_required: (p: Code) => `Please give a reason, e.g. /return ${p.code} photos do not show the fix`,
    long_term_no_signoff: (p: Code) => `${p.code} is a long-term item: it is never signed off, only reported on periodically.`,
    long_term_no_deadline: (p: Code) => `${p.code} is a long-term item and has no deadline to extend.`,
    date_not_later: (p: Code) => `The new deadline must be later than ${p.code}'s current one.`,
    date_in_past: (_: Code) => "The new deadline cannot be in the past.",
    lookback_reason_required: (p: Code) => `Please say why the look-back failed, e.g. /lookback ${p.code} fail the cover was removed and the soil is bare again`,
  },
  applied: (p: { code: string; photos: number; documents: number }) => `📨 Sign-off requested for ${p.code} (${evidenceEn(p)}); waiting for the rectification office.`,
  applicationNotice: (p: { code: string; title: string; unit: string; person: string; photos: number; documents: number; note: string }) =>
    `📨 Sign-off application: ${p.code} ${p.title}\n${p.person} of ${p.unit} applied, ${evidenceEn(p)}.${p.note ? `\nNote: ${p.note}` : ""}\nAccept: /accept ${p.code}; return: /return ${p.code} <reason>`,
  acceptButton: "Accept sign-off",
  statusButton: "Details",
  accepted: (p: { code: string; title: string; lookback: string }) => `✅ ${p.code} ${p.title} is signed off. Look-back due by ${p.lookback}.`,
  returned: (p: { code: string; title: string; reason: string; returns: number }) =>
    `↩️ Sign-off of ${p.code} ${p.title} was returned (time ${p.returns}). Reason: ${p.reason}${p.returns >= 2 ? "\nReturned twice: the item is now red." : ""}`,
  extended: (p: { code: string; from: string; to: string; reason: string; original: string }) =>
    `🗓️ ${p.code} deadline moved from ${p.from} to ${p.to}. Reason: ${p.reason} (the original deadline ${p.original} still decides "on time")`,
  reopened: (p: { code: string; title: string; reason: string }) => `🔁 ${p.code} ${p.title} was reopened; please keep reporting. Reason: ${p.reason}`,
  lookbackPassed: (p: Code) => `✅ ${p.code} passed its look-back: the fix holds.`,
  lookbackFailed: (p: { code: string; note: string }) => `❗ ${p.code} failed its look-back and was reopened. ${p.note}`,
  cases: {
    unknown: (p: Case) => `No petition case numbered ${p.caseNo}.`,
    linked: (p: { caseNo: string; code: string; title: string }) => `🔗 Petition case ${p.caseNo} is now linked to item ${p.code} ${p.title}.`,
    unlinked: (p: Case) => `Petition case ${p.caseNo} is no longer linked to an item.`,
    lookbackForward: (p: { code: string; repeats: number; due: string }) =>
      `⚠️ ${p.code} is signed off, but ${p.repeats} repeat petition${p.repeats === 1 ? "" : "s"} came in: its look-back is brought forward to ${p.due}.`,
    assigned: (p: { batch: string; on: string }) => `Batch: ${p.batch} · assigned: ${p.on}`,
    unit: (p: { unit: string; leader: string }) => `Responsible unit: ${p.unit} · owning leader: ${p.leader}`,
    status: (p: { status: string }) => `Status: ${p.status}`,
    deadline: (p: { day: string; basis: string; days: number }) =>
      `Deadline: ${p.day} (${p.basis})${p.days < 0 ? ` · overdue ${-p.days} days` : p.days === 0 ? " · due today" : ` · ${p.days} days left`}`,
    basis: { batch: "inspection batch", accept: "acceptance", handle: "handling", extended: "extended" },
    place: (p: { place: string; type: string }) => `Place: ${p.place} · pollution: ${p.type}`,
    finding: (p: { finding: string; actions: string }) => `Finding: ${p.finding}${p.actions ? ` · actions: ${p.actions}` : ""}`,
    repeats: (p: { cases: string }) => `⚠️ Repeat petition, related to: ${p.cases}`,
    notYourCase: (p: Case) => `${p.caseNo} is not handled by your unit.`,
    alreadyHandled: (p: Case) => `${p.caseNo} is already handled.`,
    handled: (p: { caseNo: string; finding: string }) => `✅ ${p.caseNo} handled (${p.finding}); to be disclosed.`,
    extensionRefused: {
      already_extended: (p: Case) => `${p.caseNo} was already extended once; the regulations allow one extension.`,
      too_long: (p: Case) => `${p.caseNo} cannot be extended by more than 30 days.`,
      not_later: (p: Case) => `The new date must be later than ${p.caseNo}'s current deadline.`,
      handled: (p: Case) => `${p.caseNo} is handled; no extension needed.`,
    },
    extended: (p: { caseNo: string; day: string; reason: string }) => `🗓️ ${p.caseNo} deadline extended to ${p.day}. Reason: ${p.reason}`,
    notHandled: (p: Case) => `${p.caseNo} is not handled yet and cannot be disclosed.`,
    disclosed: (p: Case) => `📢 ${p.caseNo}'s result is marked as disclosed.`,
  },
  denied: { coordinatorOnly: "Only the rectification office (coordinators) can use this command." },
  bind: {
    unknown_code: "That bind code is not right. Please check it and send: /bind <code>",
    used_code: "That bind code has already been used. Ask the rectification office for a new one.",
    expired_code: "That bind code has expired (codes last 7 days). Ask the rectification office for a new one.",
    already_bound: "Your account is already bound. Send /whoami to see who you are.",
    tooManyAttempts: (p: { minutes: number }) => `Too many attempts. Please try again in ${p.minutes} minute${p.minutes === 1 ? "" : "s"}.`,
    done: (p: { name: string; roles: string }) => `Bound! ${p.name} (${p.roles}), welcome to duban. Send /help to see what you can do.`,
  },
  invite: {
    directOnly: "A bind code works like a password: please send /invite in a direct chat with me.",
    issued: (p: { name: string; unit: string; role: string; code: string }) =>
      `Bind code for ${p.name} of ${p.unit} (${p.role}): ${p.code}\nValid for 7 days, once. They send me: /bind ${p.code}`,
  },
  chat: {
    unitRequired: "Name the unit for a unit group, e.g. /chat unit 水利局",
    bound: (p: { purpose: string; unit: string }) => `This chat is now the ${p.purpose}${p.unit ? ` (${p.unit})` : ""}.`,
    unbound: "not set",
    notBound: "This chat has no purpose yet. Send /chat leaders or /chat unit <unit name> first.",
    remindersOn: "Reminders are on for this chat.",
    remindersOff: "Reminders are off for this chat.",
    groupUnsupported: "I cannot create groups on this channel: add me to an existing group and send /chat unit <unit name>, /chat leaders or /chat coordinators there.",
    groupTooFew: (p: { who: string }) => `A group needs at least two people: nobody in ${p.who} has bound an account on this channel yet (/bind <code>).`,
    groupRefused: (p: { reason: string }) =>
      `The platform refused to create the group (${p.reason}); no group was made. Ask an admin to check the app's permissions (WeCom: the app's visible range must be the root department, and the members within it), then send the command again.`,
    groupCreated: (p: { title: string; purpose: string; unit: string; members: number }) =>
      `Created "${p.title}" (${p.members} people) as the ${p.purpose}${p.unit ? ` of ${p.unit}` : ""}.`,
    groupWelcome: (p: { title: string; purpose: string; unit: string; by: string }) =>
      `${p.by} created "${p.title}" as the ${p.purpose}${p.unit ? ` of ${p.unit}` : ""}: its notices and digests come here.`,
  },
  files: {
    noFile: "Send the ledger as a file (.xlsx or .csv) with /import as its caption.",
    downloadFailed: "The ledger file could not be received (download failed). Please send it again.",
    imported: (p: { name: string }) => `📥 Import of ${p.name}`,
    exported: (p: { items: number; cases: number }) => `📤 Ledger exported: ${p.items} items, ${p.cases} petition cases (without petitioner identities).`,
  },
  langSet: "OK, I will reply in English.",
  whoami: (p: { name: string; unit: string; roles: string; chat: string }) => `You are ${p.name} · unit: ${p.unit} · roles: ${p.roles}\nThis chat: ${p.chat}`,
  help: {
    title: "duban · help",
    reporting: "To report progress, send \"#item-code what was done 60%\", with photos if you have them (several at once is fine), e.g. \"#中央-07-2 dredging 60% done\". You can also reply to my message about an item.",
    privacy: "⚠️ I cannot see ordinary messages and photos in this group. An admin should turn privacy mode off in BotFather (/setprivacy → Disable) or make me a group admin.",
  },
};
