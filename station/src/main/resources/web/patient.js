// The patient page: the bed's live strip (wider), its numbers and alarms as on the ward, the trends of the last hour
// (heart rate, QTc, SDNN / RMSSD, AF burden; uPlot) and the alarm history with who acknowledged or silenced what.
"use strict";

const device = new URLSearchParams(location.search).get("device");
const PX_PER_MM = 96 / 25.4, SWEEP_MM_S = 25, MV_MM = 10, LAG_MS = 1500, W = 900, H = 160;
const strip = { samples: [], offset: null };
const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
const age = s => s < 60 ? s + " s" : Math.floor(s / 60) + " min";

function add(chunk) {
  const n = chunk.v.length, dt = 1000 / chunk.fs;
  for (let i = 0; i < n; i++) strip.samples.push({ t: chunk.t - (n - 1 - i) * dt, v: chunk.v[i] == null ? null : chunk.v[i] / 100 });
  const skew = chunk.t - Date.now();
  strip.offset = strip.offset == null ? skew : Math.max(strip.offset - 5, Math.min(strip.offset + 200, skew));
  const windowMs = W / (SWEEP_MM_S * PX_PER_MM) * 1000;
  while (strip.samples.length && strip.samples[0].t < chunk.t - windowMs - LAG_MS - 2000) strip.samples.shift();
}

function draw() {
  const canvas = document.getElementById("strip"), c = canvas.getContext("2d"), r = devicePixelRatio;
  const pxPerMs = SWEEP_MM_S * PX_PER_MM / 1000, windowMs = W / pxPerMs;
  c.setTransform(r, 0, 0, r, 0, 0);
  c.clearRect(0, 0, W, H);
  c.strokeStyle = "#13202b"; c.lineWidth = 1;
  for (let x = 0; x < W; x += 5 * PX_PER_MM) { c.beginPath(); c.moveTo(x, 0); c.lineTo(x, H); c.stroke(); }
  for (let y = 0; y < H; y += 5 * PX_PER_MM) { c.beginPath(); c.moveTo(0, y); c.lineTo(W, y); c.stroke(); }
  if (strip.offset != null) {
    const now = Date.now() + strip.offset - LAG_MS, head = (now % windowMs) * pxPerMs;
    c.strokeStyle = "#4df07a"; c.lineWidth = 1.4; c.beginPath();
    let pen = false, lastX = -1;
    for (const s of strip.samples) {
      if (s.t > now || s.t < now - windowMs + 150) { pen = false; continue; }
      const x = (s.t % windowMs) * pxPerMs;
      if (s.v == null || x < lastX) { pen = false; lastX = x; continue; }
      const y = H / 2 - s.v * MV_MM * PX_PER_MM;
      if (pen) c.lineTo(x, y); else c.moveTo(x, y);
      pen = true; lastX = x;
    }
    c.stroke();
    c.fillStyle = "#05080b"; c.fillRect(head, 0, 6, H);
  }
  document.getElementById("clock").textContent = new Date().toLocaleTimeString();
  requestAnimationFrame(draw);
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

function history() {
  fetch("/api/history?device=" + encodeURIComponent(device)).then(r => r.json()).then(rows => {
    document.querySelector("#history tbody").replaceChildren(...rows.map(a => {
      const tr = el("tr");
      tr.dataset.alarm = a.id;
      tr.append(el("td", "prio " + a.priority), el("td", "", new Date(a.onset_ms).toLocaleTimeString()),
        el("td", "", a.type.replace(/_/g, " ")), el("td", "", a.state.toLowerCase()), el("td", "", a.by || ""));
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
  const es = new EventSource("/api/events");
  es.onopen = () => { link.textContent = "live"; link.className = "link up"; };
  es.onerror = () => { link.textContent = "connection lost: reconnecting…"; link.className = "link down"; };
  es.addEventListener("beds", e => { const m = JSON.parse(e.data); render(m.beds.find(b => b.device === device)); });
  es.addEventListener("samples", e => { const m = JSON.parse(e.data); if (m[device]) add(m[device]); });
}

if (!device) {
  document.getElementById("title").textContent = "no device given (patient.html?device=…)";
} else {
  const canvas = document.getElementById("strip");
  canvas.width = W * devicePixelRatio; canvas.height = H * devicePixelRatio;
  canvas.style.width = W + "px"; canvas.style.height = H + "px";
  fetch("/api/ward").then(r => r.json()).then(w => {
    const d = w.beds.find(b => b.device === device);
    if (d && d.strip && d.strip.v.length) add(d.strip);
    render(d);
    connect();
    history(); trends();
    setInterval(history, 5000); setInterval(trends, 30000);
    requestAnimationFrame(draw);
  });
}
