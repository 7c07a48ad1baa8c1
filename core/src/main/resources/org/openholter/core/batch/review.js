// The review page: a full disclosure of every lead drawn from the page's own data (no network), the codec over it,
// and tables that jump to their place. Only the rows in view are drawn, so a 24-h recording scrolls as a short one.
(() => {
  'use strict';
  const D = JSON.parse(document.getElementById('review-data').textContent);
  const PX_PER_MM = 96 / 25.4; // CSS pixels: the browser's millimetre
  const LEFT = 74;             // time and lead names
  const BEAT_BAND = 14, RHYTHM_BAND = 13, ROW_GAP = 6;
  const WAVE_COLOURS = [null, 'rgba(46,204,113,.22)', 'rgba(231,76,60,.20)', 'rgba(52,152,219,.20)', 'rgba(142,68,173,.25)'];
  const RHYTHM_COLOURS = { SINUS: '#d5f0dc', AV_BLOCK: '#f9d9a8', PACED: '#cde7ea', AF: '#e2d0f0', BBB: '#f5efb5',
    VENTRICULAR: '#f5b7b1', VF: '#e74c3c', ASYSTOLE: '#555', NOISE: '#ddd' };
  const CODE_COLOURS = { N: '#666', V: '#c0392b', A: '#1a5fb4', F: '#d35400', '/': '#8e44ad', Q: '#000' };

  const decode = (b64, Type) => {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Type(bytes.buffer);
  };
  const signal = D.signal.map(s => decode(s, Int16Array));
  const wave = decode(D.wave, Int32Array), rhythm = decode(D.rhythm, Int32Array);
  const beats = {
    t: decode(D.beats.t, Float64Array), codes: D.beats.codes,
    rr: decode(D.beats.rr, Float32Array), pr: decode(D.beats.pr, Float32Array),
    qrs: decode(D.beats.qrs, Float32Array), qt: decode(D.beats.qt, Float32Array),
  };
  const nBeats = beats.codes.length;
  const mvPerUnit = D.uvPerUnit / 1000;

  const clock = s => {
    if (!isFinite(s)) return '–';
    const t = Math.round(s), h = Math.floor(t / 3600), m = Math.floor(t / 60) % 60, x = t % 60;
    return h + ':' + String(m).padStart(2, '0') + ':' + String(x).padStart(2, '0');
  };
  const clockMs = s => clock(Math.floor(s)) + '.' + String(Math.floor((s % 1) * 10)).padStart(1, '0');
  const num = (v, d = 0) => (isFinite(v) ? v.toFixed(d) : '');
  const qtcBazett = (qt, rr) => (isFinite(qt) && isFinite(rr) && rr > 0 ? qt / Math.sqrt(rr / 1000) : NaN);
  // First index in a sorted sequence whose key is >= x.
  const lowerBound = (n, key, x) => { let lo = 0, hi = n; while (lo < hi) { const m = (lo + hi) >> 1; if (key(m) < x) lo = m + 1; else hi = m; } return lo; };

  // ---- header ----
  const counts = {};
  for (const c of beats.codes) counts[c] = (counts[c] || 0) + 1;
  const thinned = D.leads.length < D.leadsInRecord ? `, first ${D.leads.length} of ${D.leadsInRecord} leads (page size)` : '';
  document.getElementById('meta').textContent = `${clock(D.durationS)} · ${D.leads.join(', ')}${thinned} · recorded at ${D.recordFs} Hz, shown at ${D.rate} Hz`
    + ` · ${nBeats} beats (${Object.entries(counts).map(([k, v]) => k + ' ' + v).join(', ')}) · analyzer ${D.analyzer}`;
  const files = document.getElementById('files');
  if (D.files.length) {
    files.append('Beside this page: ');
    D.files.forEach((f, i) => { const a = document.createElement('a'); a.href = encodeURIComponent(f); a.textContent = f; files.append(a, i < D.files.length - 1 ? ' · ' : ''); });
  }

  // ---- full disclosure ----
  const box = document.getElementById('disclosure'), canvas = document.getElementById('strip'), spacer = document.getElementById('spacer');
  const ctx = canvas.getContext('2d');
  const shown = D.leads.map(() => true);
  const view = { speed: 25, gain: 10, overlay: true, cursor: NaN, selected: -1 };
  let layout = null;

  function computeLayout() {
    const width = box.clientWidth;
    const pxPerS = view.speed * PX_PER_MM, pxPerMv = view.gain * PX_PER_MM;
    const rowS = Math.max(1, Math.floor((width - LEFT - 8) / pxPerS));
    const laneH = Math.round(2.5 * 10 * PX_PER_MM * Math.max(0.6, view.gain / 10)); // 2.5 mV at the chosen gain, not below 15 mm
    const lanes = shown.map((on, i) => (on ? i : -1)).filter(i => i >= 0);
    const rowH = BEAT_BAND + Math.max(1, lanes.length) * laneH + RHYTHM_BAND + ROW_GAP;
    const rows = Math.max(1, Math.ceil(D.durationS / rowS));
    layout = { width, pxPerS, pxPerMv, rowS, laneH, lanes, rowH, rows };
    const height = Math.min(box.clientHeight, rows * rowH);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * dpr); canvas.height = Math.round(height * dpr);
    canvas.style.width = width + 'px'; canvas.style.height = height + 'px';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    spacer.style.height = Math.max(0, rows * rowH - height) + 'px';
  }

  function draw() {
    const L = layout, w = L.width, h = canvas.height / (window.devicePixelRatio || 1);
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, w, h);
    const first = Math.floor(box.scrollTop / L.rowH), offset = first * L.rowH - box.scrollTop;
    for (let r = first, y = offset; r < L.rows && y < h; r++, y += L.rowH) drawRow(r, y);
    const from = first * L.rowS, to = Math.min(D.durationS, (first + Math.ceil(h / L.rowH)) * L.rowS);
    document.getElementById('position').textContent = `${clock(from)} – ${clock(to)}`;
    drawOverview();
  }

  function drawRow(row, y) {
    const L = layout, t0 = row * L.rowS, t1 = Math.min(D.durationS, t0 + L.rowS);
    const x = t => LEFT + (t - t0) * L.pxPerS;
    const top = y + BEAT_BAND, lanesH = L.lanes.length * L.laneH, right = x(t1);
    // Grid: 1 mm and 5 mm.
    ctx.lineWidth = 1;
    for (let mm = 0, gx = LEFT; gx <= right + 0.1; mm++, gx = LEFT + mm * PX_PER_MM) {
      ctx.strokeStyle = mm % 5 === 0 ? '#f2c4c4' : '#fbe9e9';
      ctx.beginPath(); ctx.moveTo(gx, top); ctx.lineTo(gx, top + lanesH); ctx.stroke();
    }
    for (let mm = 0, gy = top; gy <= top + lanesH + 0.1; mm++, gy = top + mm * PX_PER_MM) {
      ctx.strokeStyle = mm % 5 === 0 ? '#f2c4c4' : '#fbe9e9';
      ctx.beginPath(); ctx.moveTo(LEFT, gy); ctx.lineTo(right, gy); ctx.stroke();
    }
    // Codec: waves shaded across the leads.
    const fa = D.analysisFs;
    if (view.overlay && fa > 0) {
      const n = wave.length / 3;
      for (let k = lowerBound(n, i => wave[3 * i + 1], t0 * fa + 1); k < n && wave[3 * k] < t1 * fa; k++) {
        const a = Math.max(t0, wave[3 * k] / fa), b = Math.min(t1, wave[3 * k + 1] / fa);
        ctx.fillStyle = WAVE_COLOURS[wave[3 * k + 2]] || 'rgba(0,0,0,.1)';
        ctx.fillRect(x(a), top, Math.max(1, (b - a) * L.pxPerS), lanesH);
      }
    }
    // Rhythm band.
    const rb = top + lanesH + 1;
    const nr = rhythm.length / 3;
    for (let k = lowerBound(nr, i => rhythm[3 * i + 1], t0 * fa + 1); k < nr && rhythm[3 * k] < t1 * fa; k++) {
      const name = D.rhythmNames[rhythm[3 * k + 2]] || '?';
      const a = Math.max(t0, rhythm[3 * k] / fa), b = Math.min(t1, rhythm[3 * k + 1] / fa);
      ctx.fillStyle = RHYTHM_COLOURS[name] || '#eee';
      ctx.fillRect(x(a), rb, (b - a) * L.pxPerS, RHYTHM_BAND - 2);
      ctx.fillStyle = name === 'ASYSTOLE' || name === 'VF' ? '#fff' : '#333';
      ctx.font = '10px sans-serif';
      if ((b - a) * L.pxPerS > 40) ctx.fillText(name, x(a) + 3, rb + RHYTHM_BAND - 4);
    }
    // Time and lead names.
    ctx.fillStyle = '#333'; ctx.font = '12px sans-serif';
    ctx.fillText(clock(t0), 4, top + 12);
    // The ECG, lane by lane, centred on the row's median.
    L.lanes.forEach((lead, li) => {
      const s = signal[lead], mid = top + li * L.laneH + L.laneH / 2;
      const a = Math.floor(t0 * D.rate), b = Math.min(s.length, Math.ceil(t1 * D.rate));
      const known = [];
      for (let i = a; i < b; i += 4) if (s[i] !== D.missing) known.push(s[i]);
      known.sort((p, q) => p - q);
      const base = known.length ? known[known.length >> 1] : 0;
      ctx.fillStyle = '#555'; ctx.font = '11px sans-serif';
      ctx.fillText(D.leads[lead], 4, top + li * L.laneH + L.laneH / 2 + (li === 0 ? 14 : 4));
      ctx.save();
      ctx.beginPath(); ctx.rect(LEFT, top + li * L.laneH, right - LEFT, L.laneH); ctx.clip();
      ctx.strokeStyle = '#111'; ctx.lineWidth = 1; ctx.beginPath();
      let pen = false;
      for (let i = a; i < b; i++) {
        if (s[i] === D.missing) { pen = false; continue; }
        const px = x(i / D.rate), py = mid - (s[i] - base) * mvPerUnit * L.pxPerMv;
        if (pen) ctx.lineTo(px, py); else ctx.moveTo(px, py);
        pen = true;
      }
      ctx.stroke();
      ctx.restore();
    });
    // Beat codes above; the selected beat and the cursor marked.
    ctx.font = '11px sans-serif'; ctx.textAlign = 'center';
    for (let k = lowerBound(nBeats, i => beats.t[i], t0); k < nBeats && beats.t[k] < t1; k++) {
      const c = beats.codes[k], bx = x(beats.t[k]);
      if (k === view.selected) { ctx.fillStyle = 'rgba(255,200,0,.35)'; ctx.fillRect(bx - 9, y, 18, BEAT_BAND + lanesH); }
      ctx.fillStyle = CODE_COLOURS[c] || '#000';
      ctx.fillText(c, bx, y + BEAT_BAND - 3);
    }
    ctx.textAlign = 'left';
    if (view.cursor >= t0 && view.cursor < t1) {
      ctx.strokeStyle = '#e67e22'; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x(view.cursor), y); ctx.lineTo(x(view.cursor), top + lanesH); ctx.stroke();
    }
    ctx.strokeStyle = '#ccc'; ctx.lineWidth = 1;
    ctx.beginPath(); ctx.moveTo(0, y + L.rowH - ROW_GAP / 2); ctx.lineTo(layout.width, y + L.rowH - ROW_GAP / 2); ctx.stroke();
  }

  // ---- overview: heart rate per minute, AF and alarms, the part in view ----
  const overview = document.getElementById('overview'), octx = overview.getContext('2d');
  const minutes = Math.max(1, Math.ceil(D.durationS / 60));
  const perMinute = new Array(minutes).fill(0);
  for (let k = 0; k < nBeats; k++) perMinute[Math.min(minutes - 1, Math.floor(beats.t[k] / 60))]++;
  function drawOverview() {
    const w = overview.clientWidth, h = overview.clientHeight, dpr = window.devicePixelRatio || 1;
    if (overview.width !== Math.round(w * dpr)) { overview.width = Math.round(w * dpr); overview.height = Math.round(h * dpr); }
    octx.setTransform(dpr, 0, 0, dpr, 0, 0);
    octx.fillStyle = '#fff'; octx.fillRect(0, 0, w, h);
    const sx = t => (t / Math.max(1, D.durationS)) * w;
    for (const e of D.events) {
      if (e.kind !== 'AF episode' && e.kind !== 'alarm') continue;
      octx.fillStyle = e.kind === 'alarm' ? 'rgba(231,76,60,.55)' : 'rgba(142,68,173,.18)';
      octx.fillRect(sx(e.t), e.kind === 'alarm' ? 0 : 0, Math.max(2, sx((e.end ?? e.t) - e.t)), e.kind === 'alarm' ? 6 : h);
    }
    const max = Math.max(120, ...perMinute);
    octx.strokeStyle = '#c0392b'; octx.lineWidth = 1.2; octx.beginPath();
    perMinute.forEach((v, m) => { const px = sx(m * 60 + 30), py = h - 4 - (v / max) * (h - 14); if (m) octx.lineTo(px, py); else octx.moveTo(px, py); });
    octx.stroke();
    octx.fillStyle = '#333'; octx.font = '10px sans-serif'; octx.fillText(max + ' bpm', 2, 16);
    if (layout) {
      const from = Math.floor(box.scrollTop / layout.rowH) * layout.rowS;
      const to = from + Math.ceil(box.clientHeight / layout.rowH) * layout.rowS;
      octx.fillStyle = 'rgba(26,95,180,.18)'; octx.fillRect(sx(from), 0, Math.max(2, sx(to) - sx(from)), h);
    }
  }
  overview.addEventListener('click', ev => jump((ev.offsetX / overview.clientWidth) * D.durationS));

  // ---- moving around ----
  function jump(t, beat = -1) {
    t = Math.max(0, Math.min(D.durationS, t));
    view.cursor = t;
    view.selected = beat;
    const row = Math.floor(t / layout.rowS);
    box.scrollTop = Math.max(0, (row - (row > 0 ? 1 : 0)) * layout.rowH);
    draw();
  }
  function visible() {
    // From the first row showing to the end of the last row wholly on screen.
    const first = Math.floor(box.scrollTop / layout.rowH), last = Math.floor((box.scrollTop + box.clientHeight) / layout.rowH);
    return { from: first * layout.rowS, to: Math.min(D.durationS, Math.max(first + 1, last) * layout.rowS) };
  }
  let pending = false;
  box.addEventListener('scroll', () => { if (!pending) { pending = true; requestAnimationFrame(() => { pending = false; draw(); }); } });
  window.addEventListener('resize', () => { const v = visible(); computeLayout(); jump(isFinite(view.cursor) ? view.cursor : v.from, view.selected); });
  canvas.addEventListener('click', ev => {
    const L = layout, row = Math.floor((box.scrollTop + ev.offsetY) / L.rowH);
    const t = row * L.rowS + (ev.offsetX - LEFT) / L.pxPerS;
    let k = lowerBound(nBeats, i => beats.t[i], t);
    if (k > 0 && (k === nBeats || Math.abs(beats.t[k - 1] - t) < Math.abs(beats.t[k] - t))) k--;
    if (k < nBeats && Math.abs(beats.t[k] - t) < 1) selectBeat(k, false);
  });
  function selectBeat(k, scroll) {
    view.selected = k;
    const bz = qtcBazett(beats.qt[k], beats.rr[k]);
    const ms = v => (isFinite(v) ? v.toFixed(0) + ' ms' : '–');
    document.getElementById('selected').textContent = `Beat ${k + 1} at ${clockMs(beats.t[k])}: ${beats.codes[k]}, RR ${ms(beats.rr[k])}, `
      + `PR ${ms(beats.pr[k])}, QRS ${ms(beats.qrs[k])}, QT ${ms(beats.qt[k])}, QTc (Bazett) ${ms(bz)}`;
    if (scroll) jump(beats.t[k], k); else draw();
  }
  const parseTime = s => {
    const p = s.trim().split(':').map(Number);
    if (!p.length || p.some(x => !isFinite(x))) return NaN;
    return p.reduce((acc, x) => acc * 60 + x, 0);
  };
  const gotoBox = document.getElementById('goto');
  gotoBox.addEventListener('change', () => { const t = parseTime(gotoBox.value); gotoBox.setCustomValidity(isFinite(t) ? '' : 'h:mm:ss'); if (isFinite(t)) jump(t); });
  for (const id of ['speed', 'gain']) {
    document.getElementById(id).addEventListener('change', ev => { const v = visible(); view[id] = Number(ev.target.value); computeLayout(); jump(isFinite(view.cursor) ? view.cursor : v.from, view.selected); });
  }
  document.getElementById('overlay').addEventListener('change', ev => { view.overlay = ev.target.checked; draw(); });
  const leadBoxes = document.getElementById('lead-boxes');
  D.leads.forEach((name, i) => {
    const l = document.createElement('label'), c = document.createElement('input');
    c.type = 'checkbox'; c.checked = true;
    c.addEventListener('change', () => { if (!c.checked && shown.filter(Boolean).length === 1) { c.checked = true; return; } shown[i] = c.checked; const v = visible(); computeLayout(); jump(v.from); });
    l.append(c, ' ' + name); leadBoxes.append(l, ' ');
  });

  // ---- tables ----
  const PAGE = 100;
  function table(el, columns, count, cell, onClick) {
    let page = 0;
    const render = () => {
      el.replaceChildren();
      const pages = Math.max(1, Math.ceil(count() / PAGE));
      page = Math.min(page, pages - 1);
      const pager = document.createElement('div'); pager.className = 'pager';
      const prev = document.createElement('button'), next = document.createElement('button');
      prev.textContent = '‹'; next.textContent = '›'; prev.disabled = page === 0; next.disabled = page >= pages - 1;
      prev.onclick = () => { page--; render(); }; next.onclick = () => { page++; render(); };
      pager.append(prev, ` ${count()} rows · page ${page + 1} of ${pages} `, next);
      const t = document.createElement('table'), head = t.createTHead().insertRow(), body = t.createTBody();
      for (const c of columns) { const th = document.createElement('th'); th.textContent = c; head.append(th); }
      for (let i = page * PAGE; i < Math.min(count(), (page + 1) * PAGE); i++) {
        const tr = body.insertRow();
        cell(i).forEach(([text, cls]) => { const td = tr.insertCell(); td.textContent = text; if (cls) td.className = cls; });
        tr.onclick = () => { body.querySelectorAll('tr.current').forEach(r => r.classList.remove('current')); tr.classList.add('current'); onClick(i); };
      }
      el.append(pager, t);
    };
    render();
    return { render, setPage: p => { page = p; render(); } };
  }

  const events = D.events;
  table(document.getElementById('events'), ['time', 'event', 'duration'], () => events.length,
    i => [[clock(events[i].t), 'n'], [events[i].text, 'kind-' + events[i].kind.replace(/ /g, '-')],
      [events[i].end !== undefined ? clock(events[i].end - events[i].t) : '', 'n']],
    i => jump(events[i].t));

  const rhythmRuns = [];
  for (let k = 0; k < rhythm.length / 3; k++) rhythmRuns.push({ from: rhythm[3 * k] / D.analysisFs, to: rhythm[3 * k + 1] / D.analysisFs, name: D.rhythmNames[rhythm[3 * k + 2]] || '?' });
  table(document.getElementById('rhythms'), ['from', 'to', 'duration', 'rhythm'], () => rhythmRuns.length,
    i => [[clock(rhythmRuns[i].from), 'n'], [clock(rhythmRuns[i].to), 'n'], [clock(rhythmRuns[i].to - rhythmRuns[i].from), 'n'], [rhythmRuns[i].name]],
    i => jump(rhythmRuns[i].from));

  let beatRows = [];
  const filter = document.getElementById('beat-filter');
  const applyFilter = () => {
    const f = filter.value;
    beatRows = [];
    for (let k = 0; k < nBeats; k++) {
      const c = beats.codes[k];
      if (f === 'all' || (f === 'ectopic' ? c !== 'N' : c === f)) beatRows.push(k);
    }
  };
  applyFilter();
  const beatTable = table(document.getElementById('beats'), ['#', 'time', 'code', 'RR', 'PR', 'QRS', 'QT', 'QTc B'], () => beatRows.length,
    i => { const k = beatRows[i]; return [[String(k + 1), 'n'], [clockMs(beats.t[k]), 'n'], [beats.codes[k], 'code-' + beats.codes[k]],
      [num(beats.rr[k]), 'n'], [num(beats.pr[k]), 'n'], [num(beats.qrs[k]), 'n'], [num(beats.qt[k]), 'n'], [num(qtcBazett(beats.qt[k], beats.rr[k])), 'n']]; },
    i => selectBeat(beatRows[i], true));
  filter.addEventListener('change', () => { applyFilter(); beatTable.setPage(0); });

  // ---- CSV from the page's own data ----
  const cell = v => (typeof v === 'number' ? (isFinite(v) ? String(Math.round(v * 1000) / 1000) : '') : /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v);
  function csv(kind) {
    const rows = [];
    if (kind === 'beats') {
      rows.push(['time_s', 'code', 'rr_ms', 'pr_ms', 'qrs_ms', 'qt_ms', 'qtc_bazett_ms']);
      for (let k = 0; k < nBeats; k++) rows.push([beats.t[k], beats.codes[k], beats.rr[k], beats.pr[k], beats.qrs[k], beats.qt[k], qtcBazett(beats.qt[k], beats.rr[k])]);
    } else if (kind === 'rhythm') {
      rows.push(['from_s', 'to_s', 'rhythm']);
      for (const r of rhythmRuns) rows.push([r.from, r.to, r.name]);
    } else if (kind === 'events') {
      rows.push(['from_s', 'to_s', 'kind', 'description']);
      for (const e of events) rows.push([e.t, e.end ?? NaN, e.kind, e.text]);
    } else {
      throw new Error('no such table: ' + kind);
    }
    return rows.map(r => r.map(cell).join(',')).join('\n') + '\n';
  }
  document.querySelectorAll('button[data-csv]').forEach(b => b.addEventListener('click', () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([csv(b.dataset.csv)], { type: 'text/csv' }));
    a.download = `${D.record}.review-${b.dataset.csv}.csv`;
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }));

  computeLayout();
  draw();
  // What scripts (and the browser test) can ask the page.
  window.review = { data: D, jump, visible, csv, selectBeat, layout: () => ({ ...layout, left: LEFT, beatBand: BEAT_BAND, scrollTop: box.scrollTop }) };
})();
