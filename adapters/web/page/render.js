// Messages on the page. Every piece of text goes in with textContent: nothing a person or the
// bot wrote is ever parsed as HTML.
import { $, el, state, t } from "./state.js";


// Item codes as the ledger writes them (中央-07-2, 省-15, 风险-危废-003), as src/core/parse/item-code.ts
// reads them: hyphen-joined segments, a digit somewhere, not a date (first segment not all digits).
const SEGMENT = "(?:\\p{Script=Han}+[A-Za-z0-9]*|[A-Za-z0-9]+)";
const CODE = new RegExp("(?<![\\p{L}\\p{N}-])" + SEGMENT + "(?:-" + SEGMENT + ")+(?![A-Za-z0-9-])", "gu");
const isCode = (c) => /\d/.test(c) && !/^\d+$/.test(c.split("-")[0]);

/** Text with every item code a link that asks the bot for that item's history (/进展). */
function linked(tag, cls, text) {
  const node = el(tag, cls);
  let at = 0;
  for (const m of text.matchAll(CODE)) {
    if (!isCode(m[0])) continue;
    node.append(text.slice(at, m.index));
    const a = el("a", "code", m[0]);
    a.href = "#";
    a.addEventListener("click", (e) => {
      e.preventDefault();
      state.ask((state.lang === "en" ? "/history " : "/进展 ") + m[0]);
    });
    node.append(a);
    at = m.index + m[0].length;
  }
  node.append(text.slice(at));
  return node;
}

export function showEmpty() {
  $("messages").append(el("p", "empty", t("empty")));
}

function when(iso) {
  const d = new Date(iso);
  const two = (n) => String(n).padStart(2, "0");
  const today = new Date();
  const time = two(d.getHours()) + ":" + two(d.getMinutes());
  return d.toDateString() === today.toDateString() ? time : d.getMonth() + 1 + "/" + d.getDate() + " " + time;
}

function photoStrip(photos) {
  const box = el("div", "photos");
  for (const p of photos) {
    const fig = el("figure");
    fig.style.margin = "0";
    const a = el("a");
    a.href = p.url;
    a.target = "_blank";
    a.rel = "noopener";
    const img = el("img");
    img.src = p.url;
    img.alt = p.caption || t("photoAlt");
    img.loading = "lazy";
    a.append(img);
    fig.append(a);
    if (p.caption) fig.append(el("figcaption", "", p.caption));
    box.append(fig);
  }
  return box;
}

function botContent(bubble, id, bot) {
  const body = el("div", "body");
  for (const b of bot.blocks) {
    if (b.type === "heading") body.append(linked("strong", "h", b.text));
    else if (b.type === "text") body.append(linked("p", "", b.text));
    else if (b.type === "list") {
      const ul = el("ul");
      for (const item of b.items) ul.append(linked("li", "", item));
      body.append(ul);
    } else if (b.type === "divider") body.append(el("hr"));
  }
  if (bot.images.length) body.append(photoStrip(bot.images));
  if (bot.files.length) {
    const files = el("div", "files");
    for (const f of bot.files) {
      const a = el("a", "", "⬇ " + t("download") + "：" + f.name);
      a.href = f.url;
      a.download = f.name;
      files.append(a);
    }
    body.append(files);
  }
  if (bot.buttons.length) {
    const box = el("div", "buttons");
    for (const row of bot.buttons) {
      const r = el("div", "row");
      for (const btn of row) {
        const b = el("button", "", btn.label);
        b.type = "button";
        b.addEventListener("click", () => state.press(id, btn, b));
        r.append(b);
      }
      box.append(r);
    }
    body.append(box);
  }
  bubble.querySelector(".body")?.remove();
  bubble.insertBefore(body, bubble.querySelector(".when"));
}

export function render(m) {
  if (state.bubbles.has(m.id)) return;
  $("messages").querySelector(".empty")?.remove();
  state.lastId = Math.max(state.lastId, m.id);
  if (m.person && m.edit !== undefined && state.bubbles.has(m.edit)) {
    // The person corrected a message: the same bubble shows the new text.
    const bubble = state.bubbles.get(m.edit);
    const text = bubble.querySelector("p.text") ?? bubble.insertBefore(el("p", "text"), bubble.querySelector(".when"));
    text.textContent = m.person.text;
    if (!bubble.querySelector(".edited")) bubble.querySelector(".when")?.append(el("span", "edited", " · " + t("edited")));
    state.bubbles.set(m.id, bubble);
    return;
  }
  if (m.bot && m.edit !== undefined && state.bubbles.has(m.edit)) {
    // An edited message (a receipt that counted more photos): same bubble, new content.
    const bubble = state.bubbles.get(m.edit);
    botContent(bubble, m.id, m.bot);
    state.bubbles.set(m.id, bubble);
    return;
  }
  let bubble;
  if (m.bot) {
    bubble = el("div", "msg bot");
    bubble.append(el("div", "who", t("bot")));
    bubble.append(el("div", "when", when(m.at)));
    botContent(bubble, m.id, m.bot);
  } else {
    const p = m.person;
    const waiting = p.clientId && state.pending.get(p.clientId);
    bubble = personBubble(p.mine, p.mine ? t("you") : p.name, p.text, p.photos, p.pressed, m.at);
    if (p.mine && p.text && !p.pressed) editControl(bubble, m.id);
    if (waiting) {
      // Our own message came back from the server: it replaces the "sending…" bubble.
      const mark = waiting.querySelector(".state");
      if (mark) bubble.append(mark);
      waiting.replaceWith(bubble);
      state.pending.set(p.clientId, bubble);
      state.bubbles.set(m.id, bubble);
      return;
    }
  }
  state.bubbles.set(m.id, bubble);
  $("messages").append(bubble);
}

/** Own messages can be corrected: a report edited within minutes corrects the ledger. */
function editControl(bubble, id) {
  const b = el("button", "edit", t("edit"));
  b.type = "button";
  b.addEventListener("click", () => state.edit(id, bubble.querySelector("p.text")?.textContent ?? ""));
  bubble.querySelector(".when")?.append(b);
}

function personBubble(mine, name, text, photos, pressed, at) {
  const bubble = el("div", "msg " + (mine ? "mine" : "other"));
  if (!mine) bubble.append(el("div", "who", name));
  if (pressed) bubble.append(el("p", "pressed", t("pressed", { label: pressed })));
  if (text) bubble.append(linked("p", "text", text));
  if (photos.length) bubble.append(photoStrip(photos));
  bubble.append(el("div", "when", when(at)));
  return bubble;
}

export function showPending(item, previews) {
  $("messages").querySelector(".empty")?.remove();
  const bubble = personBubble(true, "", item.text, previews.map((url) => ({ url })), item.pressed, new Date().toISOString());
  bubble.append(el("div", "state", t("pending")));
  state.pending.set(item.clientId, bubble);
  $("messages").append(bubble);
  scrollToLatest();
}

/** The newest message from its start: a digest taller than the screen is read from the top. */
export function scrollToLatest() {
  const box = $("messages");
  const last = box.lastElementChild;
  box.scrollTop = box.scrollHeight;
  if (last && last.offsetHeight > box.clientHeight) box.scrollTop = last.offsetTop - box.offsetTop - 8;
}

export function nearBottom() {
  const box = $("messages");
  return box.scrollHeight - box.scrollTop - box.clientHeight < 160;
}
