/* student.js - the student's page: join with the class code, pick (or be
 * given) a state, then each session: the draft, your position and the
 * likely coalition in words and on the plane, and your moves (vote, amend,
 * campaign), messages, news, and at the end the debrief. */
'use strict';

(function () {
  const $ = CN.$;
  let states = [];
  let last = null;
  let version = -1;
  let timer = null;

  CN.token = localStorage.getItem('cn_token');

  function say(id, text) { $(id).textContent = text || ''; }

  async function join() {
    const code = $('join-code').value.trim(), name = $('join-name').value.trim();
    if (!code || !name) { say('join-error', 'Type the class code and your name.'); return; }
    const r = await CN.api('POST', 'join', { code: code, name: name });
    if (r.status !== 200) { say('join-error', r.data.error); return; }
    CN.token = r.data.token;
    localStorage.setItem('cn_token', CN.token);
    say('join-error', '');
    refresh();
  }

  async function loadStates() {
    const r = await CN.api('GET', 'states');
    if (r.status === 200) {
      states = r.data.states;
      CN.fillNames($('state-names'), states);
    }
  }

  function renderPicker() {
    const q = $('state-search').value.trim().toLowerCase();
    const list = $('state-list');
    while (list.firstChild) list.removeChild(list.firstChild);
    let shown = 0;
    const sorted = states.slice().sort(function (a, b) { return a.name.localeCompare(b.name); });
    for (const s of sorted) {
      if (q && s.name.toLowerCase().indexOf(q) < 0 && s.code.toLowerCase() !== q) continue;
      if (shown++ > 60) break;
      const b = CN.el('button', { 'data-code': s.code }, s.name + (s.taken ? ' (taken)' : '') + '  \u00b7 ' + s.blocs.slice(0, 3).join(', '));
      b.disabled = s.taken;
      b.addEventListener('click', function () { choose(s.code); });
      list.appendChild(b);
    }
  }

  async function choose(code) {
    const r = await CN.api('POST', 'choose', { state: code });
    if (r.status !== 200) { say('pick-error', r.data.error); await loadStates(); renderPicker(); return; }
    refresh();
  }

  async function act(path, body) {
    say('act-error', ''); say('act-ok', '');
    const r = await CN.api('POST', path, body);
    if (r.status !== 200) say('act-error', r.data.error);
    else say('act-ok', 'Done.');
    refresh();
    return r;
  }

  async function send() {
    say('msg-error', '');
    const to = $('msg-to').value.trim(), text = $('msg-text').value;
    if (!to || !text.trim()) { say('msg-error', 'Say to whom, and what.'); return; }
    const r = await CN.api('POST', 'message', { to: to, text: text });
    if (r.status !== 200) { say('msg-error', r.data.error); return; }
    $('msg-text').value = '';
    refresh();
  }

  function renderSession(d) {
    const s = d.session, me = d.me;
    $('session-title').textContent = s.forum + ', session ' + s.session + ' of ' + s.sessions + ' (round ' + s.round + ')';
    $('session-rule').textContent = 'Chair: ' + s.chair + '. Rule: ' + s.rule + '. Output: ' + s.output + '.';
    $('draft').textContent = s.text_words;
    $('position').textContent = s.position_words || '';
    $('verdict').textContent = s.member ? s.verdict : 'Your state does not sit in the ' + s.forum + ': you watch this session (you can still send messages).';
    $('coalition').textContent = s.coalition || '';
    $('likely').textContent = (s.likely_object ? 'Likely to object: ' + s.likely_object + '. ' : 'Nobody is likely to object. ') +
      (s.likely_support ? 'Likely to support: ' + s.likely_support + '.' : '');
    CN.plane($('plane'), s.points || [], { dims: s.dims, text: s.text, textWords: s.text_words, me: me.code,
      labels: (s.points || []).slice().sort(function (a, b) { return b.cap - a.cap; }).slice(0, 12).map(function (p) { return p.c; }) });
    const can = s.member && !d.paused;
    ['vote-support', 'vote-abstain', 'vote-object', 'vote-pass', 'amend-up', 'amend-down', 'campaign-btn'].forEach(function (id) { $(id).disabled = !can; });
    if (s.member) {
      ['support', 'abstain', 'object'].forEach(function (v) { $('vote-' + v).classList.toggle('chosen', s.vote === v); });
      $('vote-pass').classList.toggle('chosen', s.vote === null);
      if (s.amended) { $('amend-up').disabled = true; $('amend-down').disabled = true; }
    }
    $('act-note').textContent = d.paused ? 'The teacher has paused the session.' :
      s.member ? (s.vote ? 'Your vote: ' + s.vote + ' (you can change it until the session closes).' : 'You have not voted: the model votes for you unless you do.')
        : 'Not your forum this session.';
    const sel = $('amend-dim');
    if (sel.options.length !== s.dims.length) {
      while (sel.firstChild) sel.removeChild(sel.firstChild);
      s.dims.forEach(function (dm) { sel.appendChild(CN.el('option', { value: dm.name }, dm.name + ' (' + dm.low + ' \u2194 ' + dm.high + ')' + (dm.open ? '' : ' - closed'))); });
    }
  }

  function renderFeed(d) {
    const ul = $('feed');
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    for (const e of d.feed.slice().reverse()) ul.appendChild(CN.el('li', { class: e.kind }, CN.when(e.t) + '  ' + e.words));
  }

  async function render(d) {
    const me = d.me;
    $('who').textContent = me.name + (me.state ? ' \u00b7 ' + me.state : '');
    $('phase').textContent = d.phase === 'setup' ? 'waiting for the start' : d.phase === 'over' ? 'the game is over' : (d.paused ? 'paused' : 'in session');
    $('clock').textContent = CN.clock(d.countdown, d.paused);
    CN.show('join', false);
    const hasState = !!me.code;
    CN.show('pick', !hasState && d.choose && d.phase !== 'over');
    CN.show('wait', (!hasState && !d.choose) || (hasState && d.phase !== 'session' && d.phase !== 'over') || (hasState && d.phase === 'session' && !d.session));
    if (!hasState && !d.choose) { $('wait-title').textContent = 'Waiting for your state'; $('wait-text').textContent = 'Your teacher will give you a state.'; }
    else if (hasState && d.phase === 'setup') {
      $('wait-title').textContent = 'You play ' + me.state;
      $('wait-text').textContent = 'Read your role brief (the link below) while the class gathers. The game starts when your teacher says so. Blocs: ' + me.blocs.join(', ') + '.';
    }
    if (!hasState && d.choose && states.length === 0) { await loadStates(); renderPicker(); }
    CN.show('play', hasState && d.phase === 'session' && !!d.session);
    CN.show('talk', hasState);
    if (hasState) {
      $('budget').textContent = me.budget;
      $('brief-link').setAttribute('href', '/brief#' + CN.token);
      const targets = me.blocs.map(function (b) { return 'bloc:' + b; });
      const dl = $('msg-targets');
      if (dl.childNodes.length === 0) { if (states.length === 0) await loadStates(); CN.fillNames(dl, states, targets); }
      renderFeed(d);
    }
    if (hasState && d.phase === 'session' && d.session) renderSession(d);
    CN.show('results-card', d.results.length > 0);
    CN.results($('results'), d.results);
    CN.show('debrief', d.phase === 'over');
    if (d.phase === 'over' && (!last || !last.debrief_ready || d.debrief_ready !== last.debrief_ready || $('debrief-body').childNodes.length === 0)) {
      const r = await CN.api('GET', 'debrief');
      if (r.status === 200) CN.debrief($('debrief-body'), r.data, me.code);
    }
    last = d;
  }

  async function refresh() {
    if (!CN.token) { CN.show('join', true); ['pick', 'wait', 'play', 'talk'].forEach(function (id) { CN.show(id, false); }); return; }
    const r = await CN.api('GET', 'me');
    if (r.status === 401) {
      localStorage.removeItem('cn_token');
      CN.token = null;
      say('join-error', r.data.error);
      CN.show('join', true);
      ['pick', 'wait', 'play', 'talk', 'debrief'].forEach(function (id) { CN.show(id, false); });
      return;
    }
    if (r.status !== 200) return;
    if (r.data.version === version && r.data.countdown === (last && last.countdown)) return;
    version = r.data.version;
    await render(r.data);
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('join-btn').addEventListener('click', join);
    $('join-name').addEventListener('keydown', function (e) { if (e.key === 'Enter') join(); });
    $('state-search').addEventListener('input', renderPicker);
    ['support', 'abstain', 'object', 'pass'].forEach(function (v) {
      $('vote-' + v).addEventListener('click', function () { act('vote', { vote: v }); });
    });
    $('amend-up').addEventListener('click', function () { act('amend', { dim: $('amend-dim').value, dir: 'up' }); });
    $('amend-down').addEventListener('click', function () { act('amend', { dim: $('amend-dim').value, dir: 'down' }); });
    $('campaign-btn').addEventListener('click', function () {
      act('campaign', { state: $('campaign-state').value.trim(), amount: Number($('campaign-amount').value) });
    });
    $('msg-send').addEventListener('click', send);
    refresh();
    timer = setInterval(refresh, 1500);
  });
})();
