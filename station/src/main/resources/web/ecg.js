// Drawing ECG on the station's pages, one way for all of them: live sweeps (the ward's tiles, the patient page's
// leads) and fixed strips (the patient page's analysed ECG, an alarm's strip), at 25 mm/s and 10 mm/mV in CSS
// millimetres, with the layered codec over them: P / QRS / T shaded, each beat's class above, the rhythm band below.
"use strict";

const Ecg = (() => {
  const PX_PER_MM = 96 / 25.4, MM_S = 25, MM_MV = 10;
  const PX_PER_MS = MM_S * PX_PER_MM / 1000, PX_PER_MV = MM_MV * PX_PER_MM;
  const LAG_MS = 1500;  // a sweep is drawn this far behind the newest sample, so frames arriving late still join
  const BEAT_BAND = 13, RHYTHM_BAND = 12;
  // The codec's ids (as in the project's docs/codec): wave 1 P, 2 QRS, 3 T, 4 paced QRS; beat 1 N, 2 V, 3 paced,
  // 4 fusion, 5 unclassified, 6 supraventricular; rhythm 0–8 below.
  const WAVE = [null, "rgba(46,204,113,.30)", "rgba(231,76,60,.32)", "rgba(52,152,219,.30)", "rgba(190,100,230,.38)"];
  const BEAT = ["", "N", "V", "/", "F", "Q", "A"];
  const BEAT_COLOUR = ["", "#9fb0c0", "#ff5c5c", "#c58af9", "#f0a020", "#ffffff", "#58a6ff"];
  const RHYTHM = ["SINUS", "AV BLOCK", "PACED", "AF", "BBB", "VENTRICULAR", "VF", "ASYSTOLE", "NOISE"];
  const RHYTHM_COLOUR = ["#1f5130", "#6b4a12", "#1d4c55", "#4b2a66", "#5b5412", "#7a1f1f", "#b3141b", "#000000", "#3a3f45"];

  function grid(c, x0, y0, w, h) {
    c.strokeStyle = "#13202b"; c.lineWidth = 1;
    for (let x = x0; x < x0 + w; x += 5 * PX_PER_MM) { c.beginPath(); c.moveTo(x, y0); c.lineTo(x, y0 + h); c.stroke(); }
    for (let y = y0; y < y0 + h; y += 5 * PX_PER_MM) { c.beginPath(); c.moveTo(x0, y); c.lineTo(x0 + w, y); c.stroke(); }
  }

  /** The recent samples of one lead: {t: device ms, v: mV or null}, with the device clock's offset from this one. */
  class Trace {
    constructor() { this.samples = []; this.offset = null; }
    /** {fs, t: time of the last sample (device ms)} and its values in hundredths of mV (null where unusable). */
    add(fs, t, values, keepMs) {
      const n = values.length, dt = 1000 / fs;
      for (let i = 0; i < n; i++) this.samples.push({ t: t - (n - 1 - i) * dt, v: values[i] == null ? null : values[i] / 100 });
      // Device time runs beside the wall clock: the smallest lag seen is the best guess of how far apart.
      const skew = t - Date.now();
      this.offset = this.offset == null ? skew : Math.max(this.offset - 5, Math.min(this.offset + 200, skew));
      const last = this.samples.length ? this.samples[this.samples.length - 1].t : t;
      let drop = 0;
      while (drop < this.samples.length && this.samples[drop].t < last - keepMs) drop++;
      if (drop) this.samples.splice(0, drop);
    }
    /** The device time drawn at the sweep's head (null before any sample). */
    head() { return this.offset == null ? null : Date.now() + this.offset - LAG_MS; }
  }

  /** Width in ms of a sweep {@code w} pixels wide. */
  const sweepMs = w => w / PX_PER_MS;

  /** A lane of a sweep: the trace up to {@code now} over the last sweep, centred at {@code mid}. */
  function sweep(c, trace, now, x0, w, mid, colour) {
    const windowMs = sweepMs(w);
    c.strokeStyle = colour || "#4df07a"; c.lineWidth = 1.4;
    c.beginPath();
    let pen = false, lastX = -1;
    for (const s of trace.samples) {
      if (s.t > now || s.t < now - windowMs + 150) { pen = false; continue; }
      const x = x0 + (s.t % windowMs) * PX_PER_MS;
      if (s.v == null || x < lastX) { pen = false; lastX = x; continue; }
      const y = mid - s.v * PX_PER_MV;
      if (pen) c.lineTo(x, y); else c.moveTo(x, y);
      pen = true; lastX = x;
    }
    c.stroke();
  }

  /** The sweep's erase bar at {@code now}. */
  function sweepHead(c, now, x0, w, y0, h) {
    c.fillStyle = "#05080b";
    c.fillRect(x0 + (now % sweepMs(w)) * PX_PER_MS, y0, 6, h);
  }

  /**
   * The codec over a span of the canvas: runs [from ms, to ms, layer, class]; {@code x(t)} places a time (null: not
   * shown); waves shaded over [top, top + h), beat classes in the band above {@code top}, the rhythm band below.
   */
  function codec(c, runs, x, top, h) {
    for (const [from, to, layer, cls] of runs) {
      const a = x(from), b = x(to);
      if (a == null || b == null || b <= a) continue;
      if (layer === 0 && WAVE[cls]) { c.fillStyle = WAVE[cls]; c.fillRect(a, top, Math.max(1, b - a), h); }
      else if (layer === 2) {
        c.fillStyle = RHYTHM_COLOUR[cls] || "#333"; c.fillRect(a, top + h + 1, b - a, RHYTHM_BAND - 2);
        if (b - a > 60) { c.fillStyle = "#e6edf3"; c.font = "10px sans-serif"; c.fillText(RHYTHM[cls] || "?", a + 3, top + h + RHYTHM_BAND - 3); }
      }
    }
    // A beat cut in two by the boundary of two codec messages is one beat: join touching runs of one class.
    const beats = runs.filter(r => r[2] === 1 && BEAT[r[3]]).sort((p, q) => p[0] - q[0]);
    const joined = [];
    for (const r of beats) {
      const last = joined[joined.length - 1];
      if (last && last[3] === r[3] && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]); else joined.push(r.slice());
    }
    c.font = "11px sans-serif"; c.textAlign = "center";
    for (const [from, to, , cls] of joined) {
      const a = x((from + to) / 2);
      if (a == null) continue;
      c.fillStyle = BEAT_COLOUR[cls]; c.fillText(BEAT[cls], a, top - 3);
    }
    c.textAlign = "left";
  }

  /** Sizes a canvas for the screen's pixel ratio and returns its 2-d context in CSS pixels. */
  function context(canvas, w, h) {
    const r = devicePixelRatio || 1;
    if (canvas.width !== Math.round(w * r) || canvas.height !== Math.round(h * r)) {
      canvas.width = Math.round(w * r); canvas.height = Math.round(h * r);
      canvas.style.width = w + "px"; canvas.style.height = h + "px";
    }
    const c = canvas.getContext("2d");
    c.setTransform(r, 0, 0, r, 0, 0);
    return c;
  }

  /**
   * A fixed strip of every lead from {@code fromMs} to {@code toMs}: values [lead][i] in hundredths of mV at fs, the
   * first at {@code firstMs}; the codec over it; {@code marks}: [{t, label}] drawn as lines (e.g. the alarm's raise).
   */
  function strip(canvas, s, fromMs, toMs, marks, laneH) {
    laneH = laneH || 80;
    const w = Math.ceil((toMs - fromMs) * PX_PER_MS) + 40, lanesH = s.leads.length * laneH;
    const h = BEAT_BAND + lanesH + RHYTHM_BAND + 14;
    const c = context(canvas, w, h);
    c.fillStyle = "#05080b"; c.fillRect(0, 0, w, h);
    const x = t => (t < fromMs || t > toMs ? null : 40 + (t - fromMs) * PX_PER_MS);
    const clip = t => 40 + (Math.max(fromMs, Math.min(toMs, t)) - fromMs) * PX_PER_MS;
    grid(c, 40, BEAT_BAND, w - 40, lanesH);
    codec(c, (s.codec || []).filter(r => r[1] > fromMs && r[0] < toMs), t => clip(t), BEAT_BAND, lanesH);
    s.leads.forEach((name, l) => {
      const mid = BEAT_BAND + l * laneH + laneH / 2, v = s.v[l], dt = 1000 / s.fs;
      const known = v.filter(u => u != null).sort((p, q) => p - q);
      const base = known.length ? known[known.length >> 1] / 100 : 0; // centred on its median
      c.fillStyle = "#8a97a6"; c.font = "11px sans-serif"; c.fillText(name, 4, mid + 4);
      c.save(); c.beginPath(); c.rect(40, BEAT_BAND + l * laneH, w - 40, laneH); c.clip();
      c.strokeStyle = "#4df07a"; c.lineWidth = 1.2; c.beginPath();
      let pen = false;
      for (let i = 0; i < v.length; i++) {
        const t = s.firstMs + i * dt, px = x(t);
        if (v[i] == null || px == null) { pen = false; continue; }
        const py = mid - (v[i] / 100 - base) * PX_PER_MV;
        if (pen) c.lineTo(px, py); else c.moveTo(px, py);
        pen = true;
      }
      c.stroke(); c.restore();
    });
    for (const m of marks || []) {
      const px = x(m.t);
      if (px == null) continue;
      c.strokeStyle = m.colour || "#ff5c5c"; c.lineWidth = 1.5;
      c.beginPath(); c.moveTo(px, BEAT_BAND); c.lineTo(px, BEAT_BAND + lanesH); c.stroke();
      c.fillStyle = m.colour || "#ff5c5c"; c.font = "11px sans-serif"; c.fillText(m.label, px + 3, h - 2);
    }
    c.fillStyle = "#8a97a6"; c.font = "11px sans-serif";
    c.fillText(new Date(fromMs).toLocaleTimeString(), 44, h - 2);
    return { width: w, height: h, x: t => 40 + (t - fromMs) * PX_PER_MS };
  }

  return { PX_PER_MM, PX_PER_MS, PX_PER_MV, BEAT_BAND, RHYTHM_BAND, grid, Trace, sweep, sweepHead, sweepMs, codec, context, strip };
})();
