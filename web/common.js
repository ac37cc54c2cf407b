/* common.js - what every page of the cybernorms classroom shares: the API
 * client (the token travels in the Authorization header, never in a URL
 * the server sees), building elements (text only: nothing a person typed
 * is ever parsed as HTML), the plane chart in SVG, and the debrief. */
'use strict';

const CN = {};

CN.token = null;

CN.api = async function (method, path, body) {
  const opts = { method: method, headers: {} };
  if (CN.token) opts.headers['Authorization'] = 'Bearer ' + CN.token;
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch('/api/' + path, opts);
  } catch (e) {
    return { status: 0, data: { error: 'The server cannot be reached: is it still running?' } };
  }
  let data = {};
  try { data = await res.json(); } catch (e) { data = { error: 'A bad answer from the server.' }; }
  return { status: res.status, data: data };
};

CN.$ = function (id) { return document.getElementById(id); };

CN.el = function (tag, attrs, text) {
  const e = document.createElement(tag);
  if (attrs) for (const k in attrs) e.setAttribute(k, attrs[k]);
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
};

CN.show = function (id, on) { CN.$(id).classList.toggle('hidden', !on); };

CN.clock = function (seconds, paused) {
  if (seconds === null || seconds === undefined) return paused ? 'paused' : '';
  const m = Math.floor(seconds / 60), s = seconds % 60;
  return (paused ? 'paused ' : '') + m + ':' + (s < 10 ? '0' : '') + s;
};

CN.when = function (t) {
  const d = new Date(t * 1000);
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
};

/* The plane: points [{c, n, x, y, v, cap, seated}], the draft text [x, y],
 * dims [{name, low, high}], labels: codes to write beside their dot, me:
 * the student's code. */
CN.plane = function (svg, points, opts) {
  const NS = 'http://www.w3.org/2000/svg';
  const W = 520, H = 520, L = 46, R = 14, T = 14, B = 46;
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const mk = function (tag, a, text) {
    const e = document.createElementNS(NS, tag);
    for (const k in a) e.setAttribute(k, a[k]);
    if (text !== undefined) e.textContent = text;
    svg.appendChild(e);
    return e;
  };
  const px = function (x) { return L + x * (W - L - R); };
  const py = function (y) { return H - B - y * (H - T - B); };
  mk('rect', { x: L, y: T, width: W - L - R, height: H - T - B, fill: '#fff', stroke: '#999' });
  for (let k = 1; k < 4; k++) {
    mk('line', { x1: px(k / 4), y1: T, x2: px(k / 4), y2: H - B, stroke: '#eee' });
    mk('line', { x1: L, y1: py(k / 4), x2: W - R, y2: py(k / 4), stroke: '#eee' });
  }
  const dims = opts.dims || [];
  const short = function (t) { return t.length > 30 ? t.slice(0, 29) + '\u2026' : t; };
  if (dims.length > 0) {
    mk('text', { x: L, y: H - 28 }, '\u2190 ' + short(dims[0].low));
    mk('text', { x: W - R, y: H - 28, 'text-anchor': 'end' }, short(dims[0].high) + ' \u2192');
    mk('text', { x: (L + W - R) / 2, y: H - 8, 'text-anchor': 'middle', 'font-weight': 'bold' }, dims[0].name);
  }
  if (dims.length > 1) {
    mk('text', { x: 16, y: H - B, transform: 'rotate(-90 16 ' + (H - B) + ')' }, '\u2190 ' + short(dims[1].low));
    mk('text', { x: 16, y: T, transform: 'rotate(-90 16 ' + T + ')', 'text-anchor': 'end' }, short(dims[1].high) + ' \u2192');
    mk('text', { x: 34, y: (T + H - B) / 2, transform: 'rotate(-90 34 ' + ((T + H - B) / 2) + ')', 'text-anchor': 'middle', 'font-weight': 'bold' }, dims[1].name);
  }
  const color = { s: '#009E73', o: '#D55E00', a: '#E69F00', '': '#9a9a9a' };
  const labels = new Set(opts.labels || []);
  const maxcap = Math.max.apply(null, points.map(function (p) { return p.cap || 1; }).concat([1]));
  const order = points.slice().sort(function (a, b) { return (b.cap || 0) - (a.cap || 0); });
  for (const p of order) {
    const r = 3 + 9 * Math.sqrt((p.cap || 1) / maxcap);
    const c = mk('circle', { cx: px(p.x), cy: py(p.y), r: r.toFixed(1), fill: color[p.v || ''] || '#9a9a9a',
      'fill-opacity': 0.75, stroke: p.c === opts.me ? '#000' : (p.seated ? '#1d3557' : '#fff'),
      'stroke-width': p.c === opts.me ? 3 : (p.seated ? 2 : 0.8), 'data-code': p.c });
    const t = document.createElementNS(NS, 'title');
    t.textContent = p.n + ' (' + p.c + '): ' + dims.map(function (d, k) { return d.name + ' ' + (k === 0 ? p.x : p.y); }).join(', ') +
      (p.v === 's' ? '; likely to support' : p.v === 'o' ? '; likely to object' : p.v === 'a' ? '; likely to abstain' : '');
    c.appendChild(t);
  }
  /* labels: the student's own state first, then by capability; a label
   * that would overlap one already placed moves to the dot's left, or is
   * left out (the dot's title still names it) */
  const placed = [];
  const fontPx = opts.fontPx || 11;
  const fits = function (b) {
    if (b.x0 < L || b.x1 > W - R || b.y0 < T || b.y1 > H - B) return false;
    return !placed.some(function (q) { return b.x0 < q.x1 && b.x1 > q.x0 && b.y0 < q.y1 && b.y1 > q.y0; });
  };
  const byCode = {};
  points.forEach(function (p) { byCode[p.c] = p; });
  const want = [];
  if (opts.me && byCode[opts.me]) want.push(byCode[opts.me]);
  (opts.labels || []).forEach(function (c) { if (byCode[c] && c !== opts.me) want.push(byCode[c]); });
  for (const p of want) {
    const txt = p.c === opts.me ? p.n : p.c;
    const w = 0.62 * fontPx * txt.length, h = fontPx;
    const x = px(p.x), y = py(p.y);
    const tries = [];
    [8, 22, 38].forEach(function (d) {
      tries.push([x + d, y - 3, 'start'], [x - d, y - 3, 'end'], [x + d * 0.5, y - d * 0.7 - 2, 'start'],
        [x - d * 0.5, y + d * 0.7 + h, 'end'], [x + d * 0.5, y + d * 0.7 + h, 'start'], [x - d * 0.5, y - d * 0.7 - 2, 'end']);
    });
    for (const tr of tries) {
      const x0 = tr[2] === 'start' ? tr[0] : tr[0] - w;
      const b = { x0: x0, x1: x0 + w, y0: tr[1] - h, y1: tr[1] + 2 };
      if (fits(b) || (p.c === opts.me && tr === tries[0])) {
        placed.push(b);
        const far = Math.abs(tr[0] - x) > 12 || Math.abs(tr[1] - y) > 16;
        if (far) mk('line', { x1: x, y1: y, x2: tr[2] === 'start' ? x0 : x0 + w, y2: tr[1] - h / 2, stroke: '#666', 'stroke-width': 0.7 });
        mk('text', { x: tr[0], y: tr[1], 'text-anchor': tr[2], 'font-weight': p.c === opts.me ? 'bold' : 'normal', 'data-label': p.c }, txt);
        break;
      }
    }
  }
  if (opts.text) {
    const x = px(opts.text[0]), y = py(opts.text.length > 1 ? opts.text[1] : 0.5);
    let pts = '';
    for (let k = 0; k < 10; k++) {
      const rr = k % 2 === 0 ? 13 : 5.5, a = -Math.PI / 2 + k * Math.PI / 5;
      pts += (x + rr * Math.cos(a)).toFixed(1) + ',' + (y + rr * Math.sin(a)).toFixed(1) + ' ';
    }
    const s = mk('polygon', { points: pts.trim(), fill: '#111', stroke: '#fff', 'stroke-width': 1.5, id: 'draft-star' });
    const t = document.createElementNS(NS, 'title');
    t.textContent = 'The draft: ' + (opts.textWords || '');
    s.appendChild(t);
  }
};

CN.results = function (table, results) {
  while (table.firstChild) table.removeChild(table.firstChild);
  const head = CN.el('tr');
  ['Forum', 'Session', 'Support', 'Abstain', 'Object', 'Result'].forEach(function (h) { head.appendChild(CN.el('th', null, h)); });
  table.appendChild(head);
  for (const r of results) {
    const tr = CN.el('tr');
    [r.forum, r.session, r.yes, r.abstain, r.no, r.result].forEach(function (v) { tr.appendChild(CN.el('td', null, v)); });
    table.appendChild(tr);
  }
};

CN.outcome = function (o) {
  if (!o) return '';
  let s = o.adopted ? 'adopted in session ' + o.session + ' (strength ' + o.strength + ', ' + o.footnotes + ' footnotes)' : 'no text';
  if (o.in_force !== undefined) s += o.in_force ? ', in force' : ', not in force';
  return s + '; ' + o['for'] + ' for, ' + o.against + ' against';
};

CN.prob = function (p) { return p.p.toFixed(3) + ' [' + p.lo.toFixed(3) + ', ' + p.hi.toFixed(3) + ']'; };

CN.debrief = function (box, d, myCode) {
  while (box.firstChild) box.removeChild(box.firstChild);
  if (!d.ready) {
    box.appendChild(CN.el('p', null, 'The model is playing the game many times over to compare it with yours...'));
    return;
  }
  const r = d.result;
  box.appendChild(CN.el('p', null, 'Your class\u2019s game against the model: the same replication without students (same luck), and the odds over ' +
    r.replications + ' replications with the same seeds, for the model alone and with the class\u2019s choices replayed.'));
  const t = CN.el('table', { id: 'debrief-table' });
  const h = CN.el('tr');
  ['Forum', 'Your game', 'Same luck, no students', 'P(adopted), model alone', 'P(adopted), your choices'].forEach(function (x) { h.appendChild(CN.el('th', null, x)); });
  t.appendChild(h);
  for (const f of r.forums) {
    const tr = CN.el('tr');
    [f.name, CN.outcome(f.game), CN.outcome(f.same), CN.prob(f.alone), CN.prob(f['with'])].forEach(function (x) { tr.appendChild(CN.el('td', null, x)); });
    t.appendChild(tr);
  }
  box.appendChild(t);
  box.appendChild(CN.el('p', null, 'A binding treaty in force: model alone ' + CN.prob(r.binding_alone) + '; with your choices ' + CN.prob(r.binding_with) + '.'));
  box.appendChild(CN.el('h3', null, 'Scores'));
  box.appendChild(CN.el('p', { class: 'muted' }, 'How close the adopted texts came to each state\u2019s interests (its gain over no agreement, summed over the forums; higher is better), against the model playing the state alone.'));
  const st = CN.el('table', { id: 'scores' });
  const sh = CN.el('tr');
  ['State', 'Your game', 'Same luck, no students', 'Mean, model alone', 'Mean, your choices'].forEach(function (x) { sh.appendChild(CN.el('th', null, x)); });
  st.appendChild(sh);
  for (const s of r.scores) {
    const tr = CN.el('tr');
    if (s.code === myCode) tr.className = 'big';
    [s.state, s.game, s.same, s.alone, s['with']].forEach(function (x) { tr.appendChild(CN.el('td', null, x)); });
    st.appendChild(tr);
  }
  box.appendChild(st);
  if (d.real) {
    box.appendChild(CN.el('h3', null, 'What really happened'));
    box.appendChild(CN.el('p', null, d.real));
  }
  box.appendChild(CN.el('p', { class: 'muted' }, d.description));
  box.appendChild(CN.el('h3', null, 'Transcript'));
  const ol = CN.el('ol', { id: 'transcript', class: 'feed' });
  for (const e of d.transcript) ol.appendChild(CN.el('li', { 'data-kind': e.kind }, CN.when(e.t) + '  ' + e.words));
  box.appendChild(ol);
};

/* Fills a datalist with the states' names. */
CN.fillNames = function (list, states, extra) {
  while (list.firstChild) list.removeChild(list.firstChild);
  (extra || []).forEach(function (v) { list.appendChild(CN.el('option', { value: v })); });
  states.forEach(function (s) { list.appendChild(CN.el('option', { value: s.name })); });
};
