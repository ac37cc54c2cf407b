/* brief.js - printable role briefs: a student sees their own state's; the
 * teacher every student's (and any other state's on request). */
'use strict';

(function () {
  const $ = CN.$;
  CN.token = location.hash.replace(/^#/, '');

  function section(box, title, text) {
    box.appendChild(CN.el('h2', null, title));
    box.appendChild(CN.el('p', null, text));
  }

  function render(b) {
    const box = CN.el('article', { class: 'brief card', 'data-code': b.code });
    box.appendChild(CN.el('h1', null, b.name + ' (' + b.code + ')'));
    box.appendChild(CN.el('p', { class: 'muted' }, 'Role brief for the scenario ' + b.scenario + '. UN regional group: ' + b.group + '. ' + b.weight));
    section(box, 'Your position', b.position_words + '.');
    section(box, 'Your blocs and allies', (b.blocs.length ? 'Blocs: ' + b.blocs.join(', ') + '. ' : 'No bloc. ') +
      (b.allies.length ? 'Bloc partners closest to you: ' + b.allies.join(', ') + '. ' : '') +
      (b.near.length ? 'States close enough to listen to you: ' + b.near.join(', ') + '. ' : '') +
      (b.far.length ? 'Powerful states far from you: ' + b.far.join(', ') + '.' : ''));
    if (b.votes) section(box, 'Your real votes, December 2018', 'A/RES/73/27 (Russia-led, created the OEWG): ' + b.votes['A/RES/73/27'] +
      '. A/RES/73/266 (US-led, the sixth GGE): ' + b.votes['A/RES/73/266'] + '.');
    section(box, 'Your red lines', b.red_lines.length ? 'A text is worse for you than no agreement at all when it goes ' + b.red_lines.join('; ') + ' (the other dimension at your position).' :
      'No red line within the plane: any text beats no agreement for you if it is near enough.');
    section(box, 'Your goals', b.goals);
    box.appendChild(CN.el('h2', null, 'Where you negotiate'));
    const ul = CN.el('ul');
    b.forums.forEach(function (f) { ul.appendChild(CN.el('li', null, f.name + ': you sit there: ' + f.sits + '; ' + f.sessions + ' sessions; ' + f.rule + '.')); });
    box.appendChild(ul);
    $('briefs').appendChild(box);
  }

  async function add(code) {
    const r = await CN.api('GET', 'brief/' + encodeURIComponent(code));
    if (r.status !== 200) { $('error').textContent = r.data.error; return; }
    render(r.data);
  }

  document.addEventListener('DOMContentLoaded', async function () {
    $('print-btn').addEventListener('click', function () { window.print(); });
    $('brief-add').addEventListener('click', function () { add($('brief-state').value.trim()); });
    const me = await CN.api('GET', 'me');
    if (me.status === 200) {
      CN.show('picker', false);
      if (me.data.me.code) add(me.data.me.code);
      else $('error').textContent = 'Choose your state first.';
      return;
    }
    const t = await CN.api('GET', 'teacher');
    if (t.status !== 200) { $('error').textContent = t.data.error; return; }
    const st = await CN.api('GET', 'states');
    if (st.status === 200) CN.fillNames($('state-names'), st.data.states);
    const codes = t.data.seats.filter(function (s) { return s.code && !s.closed; }).map(function (s) { return s.code; });
    if (codes.length === 0) $('error').textContent = 'No student has a state yet: add briefs by hand, or assign states first.';
    for (const c of codes) await add(c);
  });
})();
