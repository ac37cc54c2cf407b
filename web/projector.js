/* projector.js - the room's view for a projector (1280x720): every state
 * on the plane, the draft, support per session, news, the countdown. */
'use strict';

(function () {
  const $ = CN.$;
  CN.token = location.hash.replace(/^#/, '');
  let version = -1;

  function supportChart(svg, results) {
    const NS = 'http://www.w3.org/2000/svg';
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const n = Math.max(results.length, 1), w = 600 / n;
    results.forEach(function (r, i) {
      const total = Math.max(r.yes + r.no + r.abstain, 1);
      let y = 130;
      [['yes', '#009E73'], ['abstain', '#E69F00'], ['no', '#D55E00']].forEach(function (p) {
        const h = 120 * r[p[0]] / total;
        const rect = document.createElementNS(NS, 'rect');
        rect.setAttribute('x', (i * w + 4).toFixed(1)); rect.setAttribute('width', (w - 8).toFixed(1));
        rect.setAttribute('y', (y - h).toFixed(1)); rect.setAttribute('height', h.toFixed(1));
        rect.setAttribute('fill', p[1]);
        const t = document.createElementNS(NS, 'title');
        t.textContent = r.forum + ' ' + r.session + ': ' + r.yes + ' support, ' + r.abstain + ' abstain, ' + r.no + ' object (' + r.result + ')';
        rect.appendChild(t);
        svg.appendChild(rect);
        y -= h;
      });
      const lab = document.createElementNS(NS, 'text');
      lab.setAttribute('x', (i * w + w / 2).toFixed(1)); lab.setAttribute('y', '146');
      lab.setAttribute('text-anchor', 'middle'); lab.setAttribute('font-size', '12');
      lab.textContent = r.forum + ' ' + r.session + (r.result === 'adopted' ? ' \u2713' : '');
      svg.appendChild(lab);
    });
  }

  async function refresh() {
    const r = await CN.api('GET', 'projector');
    if (r.status !== 200) { $('session-title').textContent = r.data.error; return; }
    const d = r.data;
    $('clock').textContent = CN.clock(d.countdown, d.paused);
    if (d.version === version) return;
    version = d.version;
    $('title').textContent = d.scenario.name;
    $('phase').textContent = d.phase === 'session' ? (d.paused ? 'paused' : 'in session') : d.phase;
    $('code').textContent = d.code;
    $('students').textContent = d.students + ' students';
    const s = d.session;
    if (s) {
      $('session-title').textContent = s.forum + ', session ' + s.session + ' of ' + s.sessions + ' \u00b7 chair ' + s.chair;
      $('draft').textContent = 'The draft: ' + s.text_words;
      $('coalition').textContent = s.coalition + (s.likely_object ? ' Likely to object: ' + s.likely_object + '.' : '');
      const inForum = new Set(s.points.map(function (p) { return p.c; }));
      CN.plane($('plane'), s.points, { dims: s.dims, text: s.text, textWords: s.text_words, labels: d.labels });
      void inForum;
    } else {
      $('session-title').textContent = d.phase === 'over' ? 'The game is over: the debrief is on the teacher\u2019s console' : 'Waiting for the start';
      $('draft').textContent = d.phase === 'setup' ? 'Every state where it stands before the negotiation.' : 'Every state where it ended.';
      $('coalition').textContent = '';
      CN.plane($('plane'), d.points, { dims: d.dims, labels: d.labels });
    }
    supportChart($('support'), d.results);
    const ul = $('news');
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    d.news.slice(-4).reverse().forEach(function (e) { ul.appendChild(CN.el('li', { class: 'news' }, e.words)); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    refresh();
    setInterval(refresh, 1500);
  });
})();
