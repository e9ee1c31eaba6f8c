// The duban web chat page: sign-in, the connection, sending. Plain JavaScript modules, no build
// step, nothing loaded from anywhere but this server.
import { addPhotos, clearTray, drawTray } from "./photos.js";
import { nearBottom, render, scrollToLatest, showEmpty, showPending } from "./render.js";
import { $, applyWords, headers, state, store, t } from "./state.js";

// ---------- outbox: messages not yet acknowledged survive a reload ----------
function userOfToken(token) {
  try {
    const body = token.split(".")[0].replace(/-/g, "+").replace(/_/g, "/");
    return JSON.parse(atob(body)).u;
  } catch {
    return "";
  }
}
const outboxKey = () => "duban.outbox." + userOfToken(state.token || "");
function outbox() {
  try { return JSON.parse(store.get(outboxKey()) || "[]"); } catch { return []; }
}
function saveOutbox(list) {
  if (list.length) store.set(outboxKey(), JSON.stringify(list));
  else store.del(outboxKey());
}
function newId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------- views ----------
function show(view) {
  $("signin").hidden = view !== "signin";
  $("chat").hidden = view !== "chat";
}

function showSignIn(error) {
  show("signin");
  $("signin-error").textContent = error || "";
  const demo = state.boot.demo;
  $("demo").hidden = !demo || demo.length === 0;
  const box = $("demo-people");
  box.replaceChildren();
  for (const p of demo || []) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = p.label;
    b.addEventListener("click", () => signIn("/api/demo-session", { personId: p.personId }));
    box.append(b);
  }
}

async function signIn(path, body) {
  $("signin-error").textContent = "";
  try {
    const res = await fetch(path, { method: "POST", headers: headers({ "content-type": "application/json" }), body: JSON.stringify(body) });
    const data = await res.json().catch(() => ({}));
    if (!res.ok || !data.token) return void ($("signin-error").textContent = data.error || t("networkError"));
    state.token = data.token;
    store.set("duban.token", data.token);
    $("code").value = "";
    startChat();
  } catch {
    $("signin-error").textContent = t("networkError");
  }
}

function signOut(message) {
  state.token = null;
  store.del("duban.token");
  // The server drops the cookie that shows this browser its photos and files.
  fetch("/api/session", { method: "DELETE" }).catch(() => undefined);
  if (state.ws) {
    state.ws.onclose = null;
    state.ws.close();
    state.ws = null;
  }
  clearTray();
  showSignIn(message);
}

// ---------- connection ----------
function startChat() {
  show("chat");
  $("messages").replaceChildren();
  state.bubbles.clear();
  state.pending.clear();
  state.lastId = 0;
  connect();
}

function setConn(text) {
  $("conn").textContent = text;
}

function connect() {
  setConn(t("connecting"));
  const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws?lang=" + encodeURIComponent(state.lang);
  let ws;
  try {
    ws = new WebSocket(url, ["duban", state.token]);
  } catch {
    return void signOut(t("sessionExpired"));
  }
  state.ws = ws;
  let opened = false;
  ws.onopen = () => {
    opened = true;
    state.connected = true;
    state.retryMs = 1000;
    setConn("");
  };
  ws.onmessage = (e) => {
    let m;
    try { m = JSON.parse(e.data); } catch { return; }
    onServer(m);
  };
  ws.onclose = (e) => {
    state.connected = false;
    if (state.ws !== ws) return;
    state.ws = null;
    // Too many pages open for this session: the error frame before the close said so; retrying would not help.
    if (e.code === 4429) return void setConn("");
    setConn(t("offline"));
    // A socket refused before it opened may be a dead session: ask before retrying.
    const check = opened ? Promise.resolve(true) : fetch("/api/me", { headers: headers() }).then((r) => r.status !== 401, () => true);
    check.then((alive) => {
      if (!alive) return signOut(t("sessionExpired"));
      setTimeout(() => { if (state.token && !state.ws) connect(); }, state.retryMs);
      state.retryMs = Math.min(state.retryMs * 2, 30000);
    });
  };
}

function wsSend(obj) {
  if (state.ws && state.connected) state.ws.send(JSON.stringify(obj));
}

function onServer(m) {
  switch (m.type) {
    case "welcome": {
      // The person chose a language with /lang (here or on another device): the page follows it.
      const chosen = m.person.lang === "en" ? "en" : m.person.lang ? "zh-CN" : null;
      if (chosen && chosen !== state.lang) {
        state.lang = chosen;
        store.set("duban.lang", chosen);
        applyWords();
      }
      state.token = m.token;
      store.set("duban.token", m.token);
      state.chats = m.chats;
      fillRooms();
      const wanted = store.get("duban.chat");
      const chat = state.chats.find((c) => c.chatId === (state.current || wanted)) || state.chats[0];
      openChat(chat.chatId, state.current === chat.chatId ? state.lastId : 0);
      for (const item of outbox()) wsSend(item);
      return;
    }
    case "chats":
      // A room was just created for this person: it joins the list, the open chat stays open.
      state.chats = m.chats;
      fillRooms();
      $("rooms").value = state.current;
      return;
    case "history":
      if (m.chatId !== state.current) return;
      for (const msg of m.messages) render(msg);
      if ($("messages").children.length === 0) showEmpty();
      scrollToLatest();
      return;
    case "message": {
      if (m.message.chatId !== state.current) return;
      const stick = nearBottom() || (m.message.person && m.message.person.mine);
      render(m.message);
      if (stick) scrollToLatest();
      return;
    }
    case "ack":
      settle(m.clientId, null);
      return;
    case "nack":
      if (m.retry) return void setTimeout(() => resend(m.clientId), 3000);
      settle(m.clientId, m.error);
      return;
    case "error":
      // A frame the server could not take: the error shows on the message it belongs to, or above the input.
      if (m.clientId) {
        const shown = state.pending.has(m.clientId);
        settle(m.clientId, m.error); // out of the outbox too: resending it would fail the same way
        if (shown) return;
      }
      $("composer-error").textContent = m.error;
      return;
  }
}

function resend(clientId) {
  const item = outbox().find((o) => o.clientId === clientId);
  if (item) wsSend(item);
}

/** The server has taken (or refused) one of our messages. */
function settle(clientId, error) {
  saveOutbox(outbox().filter((o) => o.clientId !== clientId));
  if (clientId === state.langChange && state.ws) {
    state.langChange = null;
    state.ws.close();
  }
  const bubble = state.pending.get(clientId);
  if (!bubble) return;
  state.pending.delete(clientId);
  const mark = bubble.querySelector(".state");
  if (error) {
    mark.textContent = error;
    mark.classList.add("failed");
  } else if (mark) {
    mark.remove();
  }
}

function fillRooms() {
  const sel = $("rooms");
  sel.replaceChildren();
  for (const c of state.chats) {
    const o = document.createElement("option");
    o.value = c.chatId;
    o.textContent = c.title;
    sel.append(o);
  }
  sel.hidden = false;
}

function openChat(chatId, after) {
  if (state.current !== chatId || !after) {
    $("messages").replaceChildren();
    state.bubbles.clear();
    state.lastId = 0;
  }
  state.current = chatId;
  store.set("duban.chat", chatId);
  $("rooms").value = chatId;
  wsSend(after ? { type: "open", chatId, after } : { type: "open", chatId });
  // Messages still waiting for this chat are shown as being sent.
  for (const item of outbox()) if (item.chatId === chatId && !state.pending.has(item.clientId)) showPending(item, []);
}

// ---------- sending ----------
function queue(item, previews) {
  saveOutbox([...outbox(), item]);
  if (item.chatId === state.current) showPending(item, previews);
  wsSend(item);
}

function press(messageId, btn, button) {
  button.disabled = true;
  queue({ type: "action", chatId: state.current, clientId: newId(), messageId, data: btn.data, pressed: btn.label }, []);
}

/** Send a command as if typed (an item code's link asks for its history). */
function ask(text) {
  queue({ type: "send", chatId: state.current, clientId: newId(), text, media: [] }, []);
}

function edit(messageId, before) {
  const text = window.prompt(t("editPrompt"), before);
  if (text === null || text.trim() === "" || text === before) return;
  // Not shown as a new bubble: the corrected one comes back from the server in its place.
  const item = { type: "edit", chatId: state.current, clientId: newId(), messageId, text };
  saveOutbox([...outbox(), item]);
  wsSend(item);
}

function sendComposer(e) {
  e.preventDefault();
  const text = $("text").value;
  if (state.tray.some((p) => p.state === "uploading")) return;
  const photos = state.tray.filter((p) => p.state === "done");
  if (!text.trim() && photos.length === 0) return;
  $("composer-error").textContent = "";
  queue(
    { type: "send", chatId: state.current, clientId: newId(), text, media: photos.map((p) => p.fileId) },
    photos.map((p) => p.url),
  );
  $("text").value = "";
  autosize();
  state.tray = state.tray.filter((p) => p.state !== "done");
  drawTray();
}

function autosize() {
  const ta = $("text");
  ta.style.height = "auto";
  ta.style.height = Math.min(ta.scrollHeight, 128) + "px";
}

// ---------- language ----------
function switchLang() {
  state.lang = state.lang === "en" ? "zh-CN" : "en";
  store.set("duban.lang", state.lang);
  applyWords();
  if (!state.token) return showSignIn();
  // The bot answers in the person's language too: tell it in their own conversation, as on any channel.
  // Once it has taken that, the page reconnects to get its chats' names in the new language.
  const direct = state.chats.find((c) => c.direct);
  if (!direct) return;
  state.langChange = newId();
  queue({ type: "send", chatId: direct.chatId, clientId: state.langChange, text: state.lang === "en" ? "/lang en" : "/语言 中文", media: [] }, []);
}

// ---------- start ----------
async function start() {
  state.press = press;
  state.ask = ask;
  state.edit = edit;
  state.expired = () => signOut(t("sessionExpired"));
  try {
    state.boot = await (await fetch("/api/boot")).json();
  } catch {
    document.body.textContent = "督办：无法连接服务器 · duban: cannot reach the server";
    return;
  }
  state.lang = store.get("duban.lang") || state.boot.lang || "zh-CN";
  applyWords();
  $("code-form").addEventListener("submit", (e) => {
    e.preventDefault();
    signIn("/api/session", { code: $("code").value });
  });
  for (const b of document.querySelectorAll(".lang-switch")) b.addEventListener("click", switchLang);
  $("signout").addEventListener("click", () => signOut(""));
  $("rooms").addEventListener("change", (e) => openChat(e.target.value, 0));
  $("composer").addEventListener("submit", sendComposer);
  $("text").addEventListener("input", autosize);
  $("text").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) sendComposer(e);
  });
  for (const id of ["gallery", "camera", "file"]) {
    $(id).addEventListener("change", (e) => {
      addPhotos(Array.from(e.target.files || []));
      e.target.value = "";
    });
  }
  if (state.token) startChat();
  else showSignIn();
}

start();
