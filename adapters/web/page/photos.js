// Photos picked from the gallery or taken with the camera, and files (a PDF, an .xlsx for
// /导入): a preview or the file's name, upload progress, and a ticket from the server once
// the bytes were accepted.
import { $, el, headers, state, t } from "./state.js";

export function addPhotos(files) {
  for (const file of files) {
    const image = file.type.startsWith("image/");
    const p = { file, url: image ? URL.createObjectURL(file) : "", fileId: null, state: "uploading", percent: 0, error: "" };
    state.tray.push(p);
    upload(p);
  }
  drawTray();
}

function upload(p) {
  const xhr = new XMLHttpRequest();
  xhr.open("POST", "/api/upload");
  for (const [k, v] of Object.entries(headers({ "content-type": "application/octet-stream", "x-file-name": encodeURIComponent(p.file.name) }))) xhr.setRequestHeader(k, v);
  xhr.upload.onprogress = (e) => {
    if (!e.lengthComputable) return;
    p.percent = Math.round((e.loaded / e.total) * 100);
    drawTray();
  };
  xhr.onload = () => {
    let data = {};
    try { data = JSON.parse(xhr.responseText); } catch { /* answered without a body */ }
    if (xhr.status === 200 && data.fileId) {
      p.fileId = data.fileId;
      p.state = "done";
    } else if (xhr.status === 401) {
      return state.expired();
    } else {
      p.state = "failed";
      p.error = data.error || t("uploadFailed");
      $("composer-error").textContent = p.error;
    }
    drawTray();
  };
  xhr.onerror = () => {
    p.state = "failed";
    p.error = t("uploadFailed");
    $("composer-error").textContent = t("networkError");
    drawTray();
  };
  xhr.send(p.file);
}

export function drawTray() {
  const tray = $("tray");
  tray.replaceChildren();
  tray.hidden = state.tray.length === 0;
  for (const p of state.tray) {
    const item = el("div", "item" + (p.state === "failed" ? " failed" : ""));
    if (p.url) {
      const img = el("img");
      img.src = p.url;
      img.alt = p.file.name;
      item.append(img);
    } else {
      item.append(el("div", "file-name", `📎 ${p.file.name}`));
    }
    if (p.state === "uploading") {
      const bar = el("progress");
      bar.max = 100;
      bar.value = p.percent;
      item.append(bar, el("div", "label", t("uploading", { percent: p.percent })));
    } else {
      item.append(el("div", "label", p.state === "done" ? t("uploaded") : p.error));
    }
    const remove = el("button", "remove", "×");
    remove.type = "button";
    remove.title = t("removePhoto");
    remove.setAttribute("aria-label", t("removePhoto"));
    remove.addEventListener("click", () => {
      if (p.url) URL.revokeObjectURL(p.url);
      state.tray = state.tray.filter((x) => x !== p);
      if (!state.tray.some((x) => x.state === "failed")) $("composer-error").textContent = "";
      drawTray();
    });
    item.append(remove);
    tray.append(item);
  }
  $("send").disabled = state.tray.some((p) => p.state === "uploading");
}

export function clearTray() {
  for (const p of state.tray) if (p.url) URL.revokeObjectURL(p.url);
  state.tray = [];
  drawTray();
}
