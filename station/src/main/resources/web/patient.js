// The patient page: every lead live (a sweep, with the codec over it where the analysis has labelled it), the last
// analysed 10 s with the codec, its numbers and alarms as on the ward, each alarm's 20-s strip as it was at the raise,
// the trends of the last hour (heart rate, QTc, SDNN / RMSSD, AF burden; uPlot) and the alarm history.
"use strict";

const device = new URLSearchParams(location.search).get("device");
const W = 900, LANE_H = 80, KEEP_MS = 45000, ANALYSED_MS = 10000;
const ecg = { leads: [], traces: [], codec: [], codecTo: null, fs: 0 };
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const age = s => s < 60 ? s + " s" : Math.floor(s / 60) + " min";

/** Samples and codec runs of the bed: {fs, t, leads, v: [[hundredths]], codec: [[from, to, layer, cls]], codec_to}. */
function add(m) {
  if (m.leads.join() !== ecg.leads.join() || m.fs !== ecg.fs) {
    ecg.leads = m.leads; ecg.fs = m.fs; ecg.traces = m.leads.map(() => new Ecg.Trace());
  }
  m.v.forEach((values, l) => { if (values.length) ecg.traces[l].add(m.fs, m.t, values, KEEP_MS); });
  for (const r of m.codec) ecg.codec.push(r);
  if (m.codec_to != null) ecg.codecTo = Math.max(ecg.codecTo || 0, m.codec_to);
  const newest = ecg.codecTo || m.t;
  while (ecg.codec.length && ecg.codec[0][1] < newest - KEEP_MS) ecg.codec.shift();
}

function liveHeight() { return Ecg.BEAT_BAND + Math.max(1, ecg.leads.length) * LANE_H + Ecg.RHYTHM_BAND; }

function draw() {
  const h = liveHeight(), c = Ecg.context(document.getElementById("strip"), W, h);
  c.clearRect(0, 0, W, h);
  const lanesH = h - Ecg.BEAT_BAND - Ecg.RHYTHM_BAND;
  Ecg.grid(c, 0, Ecg.BEAT_BAND, W, lanesH);
  const now = ecg.traces.length ? ecg.traces[0].head() : null;
  if (now != null) {
    // The codec where it has come, on the sweep's own positions (a run across the sweep's wrap is left out).
    const windowMs = Ecg.sweepMs(W);
    Ecg.codec(c, ecg.codec, t => (t > now || t < now - windowMs + 150 ? null : (t % windowMs) * Ecg.PX_PER_MS), Ecg.BEAT_BAND, lanesH);
    ecg.traces.forEach((trace, l) => {
      const mid = Ecg.BEAT_BAND + l * LANE_H + LANE_H / 2;
      Ecg.sweep(c, trace, now, 0, W, mid);
      c.fillStyle = "#8a97a6"; c.font = "11px sans-serif"; c.fillText(ecg.leads[l], 4, mid - LANE_H / 2 + 12);
    });
    Ecg.sweepHead(c, now, 0, W, Ecg.BEAT_BAND, lanesH);
  }
  document.getElementById("clock").textContent = new Date().toLocaleTimeString();
  requestAnimationFrame(draw);
}

/** The last 10 s the analysis has labelled, every lead with its codec (redrawn as the codec comes). */
let analysedTo = null;
function drawAnalysed() {
  if (ecg.codecTo == null || !ecg.traces.length || ecg.codecTo === analysedTo) return;
  const to = Math.min(ecg.codecTo, ecg.traces[0].samples.length ? ecg.traces[0].samples[ecg.traces[0].samples.length - 1].t : ecg.codecTo);
  const from = to - ANALYSED_MS;
  const first = ecg.traces[0].samples.find(s => s.t >= from);
  if (!first) return;
  const v = ecg.traces.map(tr => tr.samples.filter(s => s.t >= from && s.t <= to).map(s => (s.v == null ? null : Math.round(s.v * 100))));
  Ecg.strip(document.getElementById("analysed"), { leads: ecg.leads, fs: ecg.fs, firstMs: first.t, v, codec: ecg.codec }, from, to, [], LANE_H);
  analysedTo = ecg.codecTo;
  document.getElementById("analysed-time").textContent = new Date(from).toLocaleTimeString() + " – " + new Date(to).toLocaleTimeString();
}

function render(d) {
  if (!d) return;
  const t = document.getElementById("tile");
  const label = (d.ward ? d.ward + " · " : "") + (d.bed ? "bed " + d.bed : d.device);
  document.getElementById("title").textContent = label;
  t.querySelector(".bed").textContent = label;
  t.querySelector(".device").textContent = d.device;
  const st = t.querySelector(".state");
  st.textContent = d.online ? "online" : d.state; st.className = "state " + (d.online ? "on" : "off");
  t.querySelector(".hr").innerHTML = (d.hr == null || !d.online ? "---" : Math.round(d.hr)) + "<small>bpm</small>";
  t.querySelector(".rhythm").textContent = d.rhythm || "";
  t.querySelector(".quality").textContent = d.quality == null ? "" : "quality " + Math.round(d.quality * 100) + " %";
  const top = d.alarms[0];
  t.className = "tile big" + (d.online ? "" : " offline") + (top ? " " + top.priority : "") + (top && top.priority === "HIGH" && !top.acknowledged ? " unacked" : "");
  const banners = t.querySelector(".banners");
  banners.replaceChildren(...d.alarms.map(a => {
    const ban = el("div", "banner " + a.priority);
    ban.dataset.alarm = a.id;
    ban.append(el("span", "type", a.type.replace(/_/g, " ")), el("span", "age", age(a.age_s)));
    if (a.latched && !a.active) ban.append(el("span", "latched", "latched"));
    if (a.acknowledged) ban.append(el("span", "acked", "acknowledged" + (a.by ? " by " + a.by : "")));
    else {
      const b = el("button", "ack", "ACK");
      b.onclick = () => fetch("/api/command", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ action: "ACK", id: a.id }) });
      ban.append(b);
    }
    return ban;
  }));
}

/** An alarm's strip as stored at its raise: every lead, the codec, the onset and the raise marked. */
function showStrip(id) {
  return fetch("/api/strip?id=" + encodeURIComponent(id)).then(r => (r.ok ? r.json() : r.text().then(t => { throw new Error(t); }))).then(s => {
    const n = s.v.length ? s.v[0].length : 0, to = s.from_ms + (n - 1) * 1000 / s.fs;
    const canvas = document.getElementById("alarm-canvas");
    const drawn = Ecg.strip(canvas, { leads: s.leads, fs: s.fs, firstMs: s.from_ms, v: s.v, codec: s.codec }, s.from_ms, to,
      [{ t: s.onset_ms, label: "onset", colour: "#f2c318" }, { t: s.raised_ms, label: "raised", colour: "#ff5c5c" }], LANE_H);
    document.getElementById("alarm-strip-title").textContent = s.type.replace(/_/g, " ") + " (" + s.priority.toLowerCase() + "), raised "
      + new Date(s.raised_ms).toLocaleTimeString();
    const box = document.getElementById("alarm-strip");
    box.hidden = false;
    box.dataset.alarm = s.id;
    // Where the strip is wider than the page, the onset comes into view with a few seconds before it.
    const sc = canvas.parentElement;
    sc.scrollLeft = Math.max(0, drawn.x(s.onset_ms) - sc.clientWidth * 0.45);
  }).catch(e => alert("No strip: " + e.message));
}

function history() {
  fetch("/api/history?device=" + encodeURIComponent(device)).then(r => r.json()).then(rows => {
    document.querySelector("#history tbody").replaceChildren(...rows.map(a => {
      const tr = el("tr");
      tr.dataset.alarm = a.id;
      const strip = el("td");
      if (a.strip) { const b = el("button", "strip", "strip"); b.onclick = () => showStrip(a.id); strip.append(b); }
      tr.append(el("td", "prio " + a.priority), el("td", "", new Date(a.onset_ms).toLocaleTimeString()),
        el("td", "", a.type.replace(/_/g, " ")), el("td", "", a.state.toLowerCase()), el("td", "", a.by || ""), strip);
      return tr;
    }));
  });
}

const charts = {};
function trends() {
  fetch("/api/trends?minutes=60&device=" + encodeURIComponent(device)).then(r => r.ok ? r.json() : null).then(t => {
    if (!t) return;
    const specs = [["hr", "Heart rate (bpm)", "#4df07a"], ["qtc", "QTc Bazett (ms)", "#f2c318"],
      ["sdnn", "SDNN, 5 min (ms)", "#2bb7d9"], ["rmssd", "RMSSD, 5 min (ms)", "#c58af9"], ["af", "AF burden, hour (%)", "#e0262b"]];
    for (const [key, title, color] of specs) {
      const pts = t[key] || [];
      const data = [pts.map(p => p[0] / 1000), pts.map(p => p[1])];
      if (charts[key]) { charts[key].setData(data); continue; }
      const box = el("div", "trend");
      box.dataset.trend = key;
      document.getElementById("trends").append(box);
      charts[key] = new uPlot({ title, width: 440, height: 150, legend: { show: false },
        scales: { x: { time: true, range: () => [Date.now() / 1000 - 3600, Date.now() / 1000] } },
        axes: [{ stroke: "#8a97a6", grid: { stroke: "#1d2a36" } }, { stroke: "#8a97a6", grid: { stroke: "#1d2a36" } }],
        series: [{}, { stroke: color, width: 1.5, points: { show: pts.length < 3 } }] }, data, box);
    }
  });
}

function connect() {
  const link = document.getElementById("link");
  const es = new EventSource("/api/events?device=" + encodeURIComponent(device));
  es.onopen = () => { link.textContent = "live"; link.className = "link up"; };
  es.onerror = () => { link.textContent = "connection lost: reconnecting…"; link.className = "link down"; };
  es.addEventListener("beds", e => { const m = JSON.parse(e.data); render(m.beds.find(b => b.device === device)); });
  es.addEventListener("ecg", e => add(JSON.parse(e.data)));
}

// What scripts (and the browser test) can ask the page.
window.patient = {
  leads: () => ecg.leads.slice(),
  codecRuns: () => ecg.codec.length,
  codec: () => ecg.codec.slice(),
  codecTo: () => ecg.codecTo,
  analysedTo: () => analysedTo,
  showStrip,
};

if (!device) {
  document.getElementById("title").textContent = "no device given (patient.html?device=…)";
} else {
  document.getElementById("alarm-strip-close").onclick = () => { document.getElementById("alarm-strip").hidden = true; };
  Promise.all([fetch("/api/ward").then(r => r.json()), fetch("/api/ecg?device=" + encodeURIComponent(device)).then(r => (r.ok ? r.json() : null))])
    .then(([w, recent]) => {
      if (recent) add(recent);
      render(w.beds.find(b => b.device === device));
      connect();
      history(); trends();
      setInterval(history, 5000); setInterval(trends, 30000); setInterval(drawAnalysed, 1000);
      requestAnimationFrame(draw);
    });
}
