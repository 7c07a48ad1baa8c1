// The central station's ward page: a tile per bed with a live ECG strip at 25 mm/s, the heart rate, rhythm, signal
// quality and online state, the alarms as a nurse must see them (most urgent first, latched until acknowledged),
// and the ward's alarm list and audit. Live data over server-sent events; nothing is fetched from outside.
"use strict";

const STRIP_W = 440, STRIP_H = 120;      // drawn by ecg.js at 25 mm/s and 10 mm/mV
const params = new URLSearchParams(location.search);
const wardFilter = params.get("ward");
const beds = new Map();                  // device → {tile, canvas, trace, data}
let serverSkewMs = 0;

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function bedLabel(b) { return (b.ward ? b.ward + " · " : "") + (b.bed ? "bed " + b.bed : b.device); }

function age(s) { return s < 60 ? s + " s" : Math.floor(s / 60) + " min"; }

function tileFor(device) {
  let b = beds.get(device);
  if (b) return b;
  const tile = el("div", "tile");
  tile.dataset.device = device;
  const top = el("div", "top");
  top.append(el("span", "bed"), el("span", "device", device), el("span", "state"));
  const body = el("div", "body");
  const canvas = el("canvas");
  Ecg.context(canvas, STRIP_W, STRIP_H);
  const numbers = el("div", "numbers");
  numbers.append(el("div", "hr"), el("div", "rhythm"), el("div", "quality"));
  body.append(canvas, numbers);
  tile.append(top, body, el("div", "banners"));
  b = { tile, canvas, trace: new Ecg.Trace(), data: null };
  beds.set(device, b);
  return b;
}

function command(action, id, silenceS) {
  return fetch("/api/command", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(silenceS ? { action, id, silence_s: silenceS } : { action, id }) })
    .then(r => { if (!r.ok) r.text().then(t => alert("Not sent: " + t)); });
}

function ackButton(a) {
  const btn = el("button", "ack", "ACK");
  btn.dataset.alarm = a.id;
  btn.onclick = () => command("ACK", a.id);
  return btn;
}

function renderBeds(msg) {
  if (msg.now_ms) serverSkewMs = msg.now_ms - Date.now();
  const list = msg.beds.filter(b => !wardFilter || b.ward === wardFilter);
  const container = document.getElementById("beds");
  const alarmRows = [];
  list.forEach((d, i) => {
    const b = tileFor(d.device);
    b.data = d;
    const t = b.tile;
    const link = t.querySelector(".bed");
    link.replaceChildren(Object.assign(el("a", "", bedLabel(d)), { href: "/patient.html?device=" + encodeURIComponent(d.device) }));
    const st = t.querySelector(".state");
    st.textContent = d.online ? "online" : d.state;
    st.className = "state " + (d.online ? "on" : "off");
    t.querySelector(".hr").innerHTML = (d.hr == null || !d.online ? "---" : Math.round(d.hr)) + "<small>bpm</small>";
    t.querySelector(".rhythm").textContent = d.rhythm || "";
    t.querySelector(".quality").textContent = d.quality == null ? "" : "quality " + Math.round(d.quality * 100) + " %";
    const top = d.alarms[0];
    t.className = "tile" + (d.online ? "" : " offline") + (top ? " " + top.priority : "")
      + (top && top.priority === "HIGH" && !top.acknowledged ? " unacked" : "");
    const banners = t.querySelector(".banners");
    banners.replaceChildren();
    if (top) {
      const ban = el("div", "banner " + top.priority);
      ban.dataset.alarm = top.id;
      ban.append(el("span", "type", top.type.replace(/_/g, " ")), el("span", "age", age(top.age_s)));
      if (top.latched && !top.active) ban.append(el("span", "latched", "latched"));
      if (top.acknowledged) ban.append(el("span", "acked", "acknowledged" + (top.by ? " by " + top.by : "")));
      else ban.append(ackButton(top));
      if (d.alarms.length > 1) ban.append(el("span", "more", "+" + (d.alarms.length - 1)));
      banners.append(ban);
    }
    d.alarms.forEach(a => alarmRows.push({ bed: d, a }));
    if (container.children[i] !== t) container.insertBefore(t, container.children[i] || null);
  });
  alarmRows.sort((x, y) => rank(x.a.priority) - rank(y.a.priority) || y.a.onset_ms - x.a.onset_ms);
  const tbody = document.querySelector("#alarms tbody");
  tbody.replaceChildren(...alarmRows.map(({ bed, a }) => {
    const tr = el("tr");
    tr.dataset.alarm = a.id;
    const prio = el("td", "prio " + a.priority);
    const what = el("td", a.latched && !a.active ? "latched" : "", a.type.replace(/_/g, " ") + (a.acknowledged ? " (ack)" : ""));
    const actions = el("td");
    if (!a.acknowledged) actions.append(ackButton(a));
    const sil = el("button", "silence", "SILENCE 2 min");
    sil.onclick = () => command("SILENCE", a.id, 120);
    actions.append(sil);
    tr.append(el("td", "", bedLabel(bed)), what, el("td", "", age(a.age_s)), actions);
    tr.prepend(prio);
    return tr;
  }));
  document.querySelector("#alarms thead tr").replaceChildren(...["", "bed", "alarm", "age", ""].map(h => el("th", "", h)));
  const audit = document.querySelector("#audit tbody");
  audit.replaceChildren(...(msg.audit || []).map(a => {
    const tr = el("tr", "audit-row");
    tr.dataset.alarm = a.id;
    tr.append(el("td", "", new Date(a.event_ms).toLocaleTimeString()), el("td", "", a.bed || a.device),
      el("td", "", a.type.replace(/_/g, " ")), el("td", "", a.state.toLowerCase()), el("td", "", a.by || ""));
    return tr;
  }));
}

function rank(p) { return { HIGH: 0, MEDIUM: 1, LOW: 2 }[p] ?? 3; }

/** New samples of one bed: {fs, t: time of the last sample (device ms), v: hundredths of mV, null where unusable}. */
function addSamples(device, chunk) {
  tileFor(device).trace.add(chunk.fs, chunk.t, chunk.v, Ecg.sweepMs(STRIP_W) + 4000);
}

function draw() {
  for (const b of beds.values()) {
    const c = Ecg.context(b.canvas, STRIP_W, STRIP_H);
    c.clearRect(0, 0, STRIP_W, STRIP_H);
    Ecg.grid(c, 0, 0, STRIP_W, STRIP_H);
    const now = b.trace.head();                          // the device time drawn at the sweep's head
    if (now == null) continue;
    Ecg.sweep(c, b.trace, now, 0, STRIP_W, STRIP_H / 2);
    Ecg.sweepHead(c, now, 0, STRIP_W, 0, STRIP_H);
  }
  document.getElementById("clock").textContent = new Date(Date.now() + serverSkewMs).toLocaleTimeString();
  requestAnimationFrame(draw);
}

function connect() {
  const link = document.getElementById("link");
  const es = new EventSource("/api/events");
  es.onopen = () => { link.textContent = "live"; link.className = "link up"; };
  es.onerror = () => { link.textContent = "connection lost: reconnecting…"; link.className = "link down"; };
  es.addEventListener("beds", e => renderBeds(JSON.parse(e.data)));
  es.addEventListener("samples", e => { const m = JSON.parse(e.data); for (const d in m) addSamples(d, m[d]); });
}

fetch("/api/ward" + (wardFilter ? "?ward=" + encodeURIComponent(wardFilter) : "")).then(r => r.json()).then(w => {
  document.getElementById("user").textContent = w.user ? "signed in: " + w.user + (w.role ? " (" + w.role + ", wards " + w.wards.join(", ") + ")" : "") : "";
  if (wardFilter) document.getElementById("ward-filter").textContent = "ward " + wardFilter;
  for (const d of w.beds) if (d.strip && d.strip.v.length) addSamples(d.device, d.strip);
  renderBeds(w);
  connect();
  requestAnimationFrame(draw);
});
