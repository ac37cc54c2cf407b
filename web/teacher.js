/* teacher.js - the teacher's console: set up, assign, start, pause,
 * advance, countdown, news, who has acted, the debrief.  The token is the
 * fragment of the console's link (#TOKEN): never sent as part of a URL. */
'use strict';

(function () {
  const $ = CN.$;
  CN.token = location.hash.replace(/^#/, '');
  let states = [];
  let version = -1, lastCountdown = null;
  let seatsShown = '';

  function err(text) { $('error').textContent = text || ''; }

  async function post(path, body) {
    err('');
    const r = await CN.api('POST', path, body || {});
    if (r.status !== 200) err(r.data.error);
    await refresh(true);
    return r;
  }

  function seatRow(s, phase) {
    const tr = CN.el('tr', { 'data-seat': s.seat });
    tr.appendChild(CN.el('td', null, s.name));
    const td = CN.el('td');
    const inp = CN.el('input', { list: 'state-names', value: s.state || '', 'aria-label': 'state of ' + s.name });
    inp.addEventListener('change', function () { post('assign', { seat: s.seat, state: inp.value.trim() || null }); });
    inp.disabled = s.closed || phase === 'over';
    td.appendChild(inp);
    tr.appendChild(td);
    tr.appendChild(CN.el('td', null, s.closed ? 'closed' : !s.sits ? (phase === 'session' ? 'not in this forum' : '') :
      (s.acted ? 'acted' : 'not yet') + (s.vote ? ' \u00b7 ' + s.vote : '')));
    tr.appendChild(CN.el('td', null, s.moves));
    const b = CN.el('button', { class: 'secondary' }, 'Close seat');
    b.disabled = s.closed;
    b.addEventListener('click', function () { if (confirm('Close ' + s.name + '\u2019s seat? Their link stops working.')) post('kick', { seat: s.seat }); });
    const tb = CN.el('td');
    tb.appendChild(b);
    tr.appendChild(tb);
    return tr;
  }

  async function refresh(force) {
    const r = await CN.api('GET', 'teacher');
    if (r.status !== 200) { err(r.data.error + ' (open the console with the link printed in the terminal)'); return; }
    const d = r.data;
    $('clock').textContent = CN.clock(d.countdown, d.paused);
    if (!force && d.version === version && d.countdown === lastCountdown) return;
    version = d.version; lastCountdown = d.countdown;
    $('scenario').textContent = d.scenario.name;
    $('phase').textContent = d.phase === 'session' ? (d.paused ? 'paused' : 'in session') : d.phase;
    $('code').textContent = d.code;
    $('briefs-link').setAttribute('href', '/brief#' + CN.token);
    $('counts').textContent = d.seats.length + ' student(s) joined' + (d.phase === 'session' ? '; ' + d.n_acted + ' of ' + d.n_sitting + ' sitting in this session have acted.' : '.');
    if (document.activeElement === null || !document.activeElement.closest('#setup-card')) {
      $('setup-seed').value = d.setup.seed; $('setup-minutes').value = d.setup.minutes;
      $('setup-budget').value = d.setup.budget; $('setup-mode').value = d.setup.mode;
    }
    CN.show('setup-card', d.phase === 'setup');
    $('start-btn').disabled = d.phase !== 'setup';
    $('pause-btn').disabled = d.phase !== 'session' || d.paused;
    $('resume-btn').disabled = d.phase !== 'session' || !d.paused;
    $('advance-btn').disabled = d.phase !== 'session';
    $('timer-btn').disabled = d.phase !== 'session';
    $('news-btn').disabled = d.phase !== 'session';
    if (d.session) {
      const s = d.session;
      $('session-line').textContent = s.forum + ', session ' + s.session + ' of ' + s.sessions + ' (round ' + s.round + '), chaired by ' + s.chair + '. The draft: ' + s.text_words + '. ' + s.coalition;
    } else {
      $('session-line').textContent = d.phase === 'setup' ? 'Not started. Students join with the code; then start.' : d.phase === 'over' ? 'The game is over.' : '';
    }
    const key = JSON.stringify(d.seats) + d.phase;
    if (key !== seatsShown && !(document.activeElement && document.activeElement.closest('#seats'))) {
      seatsShown = key;
      const t = $('seats');
      while (t.firstChild) t.removeChild(t.firstChild);
      const h = CN.el('tr');
      ['Student', 'State', 'This session', 'Moves', ''].forEach(function (x) { h.appendChild(CN.el('th', null, x)); });
      t.appendChild(h);
      d.seats.forEach(function (s) { t.appendChild(seatRow(s, d.phase)); });
    }
    const log = $('log');
    while (log.firstChild) log.removeChild(log.firstChild);
    d.log.slice().reverse().forEach(function (e) { log.appendChild(CN.el('li', { class: e.kind }, CN.when(e.t) + '  ' + e.words)); });
    CN.show('results-card', d.results.length > 0);
    CN.results($('results'), d.results);
    CN.show('debrief', d.phase === 'over');
    if (d.phase === 'over') {
      const b = await CN.api('GET', 'debrief');
      if (b.status === 200) CN.debrief($('debrief-body'), b.data, null);
    }
  }

  document.addEventListener('DOMContentLoaded', async function () {
    const r = await CN.api('GET', 'states');
    if (r.status === 200) {
      states = r.data.states;
      CN.fillNames($('state-names'), states);
      const sel = $('assign-bloc');
      r.data.blocs.forEach(function (b) { sel.appendChild(CN.el('option', { value: b.name }, b.name + ' (' + b.members + ')')); });
    }
    $('setup-btn').addEventListener('click', function () {
      post('setup', { seed: Number($('setup-seed').value), minutes: Number($('setup-minutes').value),
        budget: Number($('setup-budget').value), mode: $('setup-mode').value });
    });
    $('start-btn').addEventListener('click', function () { post('start'); });
    $('pause-btn').addEventListener('click', function () { post('pause'); });
    $('resume-btn').addEventListener('click', function () { post('resume'); });
    $('advance-btn').addEventListener('click', function () { post('advance'); });
    $('timer-btn').addEventListener('click', function () { post('timer', { minutes: Number($('timer-minutes').value) }); });
    $('news-btn').addEventListener('click', function () {
      const body = { kind: $('news-kind').value, state: $('news-state').value.trim() };
      const t = $('news-target').value.trim();
      if (t) body.target = t;
      post('news', body);
    });
    $('assign-random').addEventListener('click', function () { post('assign', { mode: 'random' }); });
    $('assign-bloc-btn').addEventListener('click', function () { post('assign', { mode: 'bloc', bloc: $('assign-bloc').value }); });
    refresh(true);
    setInterval(function () { refresh(false); }, 1500);
  });
})();
