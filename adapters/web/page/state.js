// Shared by the page's modules: the words, the session, the state of the chat.
export const $ = (id) => document.getElementById(id);
export const store = {
  get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* private mode: the page still works */ } },
  del: (k) => { try { localStorage.removeItem(k); } catch { /* as above */ } },
};

export const state = {
  boot: null,
  lang: "zh-CN",
  token: store.get("duban.token"),
  ws: null,
  connected: false,
  retryMs: 1000,
  chats: [],
  current: null,
  lastId: 0,
  bubbles: new Map(), // row id → bubble element
  pending: new Map(), // clientId → bubble element
  tray: [], // { file, url, fileId, state, percent, error }
  langChange: null, // clientId of the /lang message the page sent for its language switch
  /** Set by app.js: a button of the bot's was pressed; a command is to be sent (an item code's link); a message of one's own is to be edited; the session turned out to be dead. */
  press: null,
  ask: null,
  edit: null,
  expired: null,
};

export function t(key, params) {
  const strings = state.boot.strings[state.lang] || state.boot.strings["zh-CN"];
  let s = strings[key] || key;
  if (params) for (const [k, v] of Object.entries(params)) s = s.split("{" + k + "}").join(String(v));
  return s;
}

export function applyWords() {
  document.documentElement.lang = state.lang;
  document.title = t("title");
  for (const el of document.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of document.querySelectorAll("[data-t-hint]")) el.setAttribute("aria-label", (el.placeholder = t(el.dataset.tHint)));
  for (const el of document.querySelectorAll("[data-t-label]")) el.setAttribute("aria-label", t(el.dataset.tLabel));
}

export function headers(extra) {
  return Object.assign({ "x-duban-lang": state.lang }, state.token ? { authorization: "Bearer " + state.token } : {}, extra || {});
}

export function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}
